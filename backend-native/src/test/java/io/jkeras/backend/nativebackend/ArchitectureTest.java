package io.jkeras.backend.nativebackend;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * The native backend is pure Java on top of jkeras-api: its main classes use only the JDK (the
 * incubating Vector API included), the api and slf4j, and never another backend. Only
 * {@code SimdGemm} names the Vector API, so that the backend loads without
 * {@code --add-modules jdk.incubator.vector}.
 */
class ArchitectureTest {
    /** Main classes only; ArchUnit's own test filter expects {@code target/}, builds may use another folder. */
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(location -> !location.contains("/test-classes/"))
            .importPackages("io.jkeras.backend.nativebackend");

    @Test
    void mainClassesDependOnlyOnTheJdkTheApiAndSlf4j() {
        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "jdk.incubator.vector..", "io.jkeras..", "org.slf4j..")
                .check(MAIN);
    }

    @Test
    void onlySimdGemmSimdMathAndSimdConvUseTheVectorApi() {
        // Each is loaded by name only when the module is present (Gemm, FastMath, ConvKernels).
        noClasses().that().doNotHaveFullyQualifiedName("io.jkeras.backend.nativebackend.kernels.SimdGemm")
                .and().doNotHaveFullyQualifiedName("io.jkeras.backend.nativebackend.kernels.SimdMath")
                .and().doNotHaveFullyQualifiedName("io.jkeras.backend.nativebackend.kernels.SimdConv")
                .should().dependOnClassesThat().resideInAPackage("jdk.incubator.vector..")
                .check(MAIN);
    }

    @Test
    void mainClassesNeverUseAnotherBackend() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.jkeras.backend.dl4j..", "org.nd4j..",
                "org.deeplearning4j..").check(MAIN);
    }

    @Test
    void theClassesWereFound() {
        // Guards the rules above against passing on an empty import.
        org.junit.jupiter.api.Assertions.assertTrue(MAIN.contain(NativeBackend.class));
        org.junit.jupiter.api.Assertions.assertTrue(MAIN.size() > 20, "classes imported: " + MAIN.size());
    }
}
