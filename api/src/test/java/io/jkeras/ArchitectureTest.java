package io.jkeras;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** DESIGN.md's boundary: the api imports no backend and no ND4J/DL4J. */
class ArchitectureTest {
    private static final JavaClasses API = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.jkeras");

    @Test
    void apiDependsOnNoBackend() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("org.nd4j..", "org.deeplearning4j..", "io.jkeras.backend.nativebackend..",
                        "io.jkeras.backend.dl4j..")
                .check(API);
    }
}
