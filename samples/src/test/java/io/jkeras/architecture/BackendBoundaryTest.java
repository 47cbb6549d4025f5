package io.jkeras.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The backend boundary, checked over every module at once (this module has them all on its
 * classpath): the SPI and every backend see only model descriptions ({@code io.jkeras.backend}),
 * never the facade's models, layers or callbacks, so a backend cannot depend on how the facade
 * builds, trains or reports.
 */
class BackendBoundaryTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.jkeras");

    @Test
    void backendsDoNotUseTheFacade() {
        noClasses().that().resideInAPackage("io.jkeras.backend..")
                .should().dependOnClassesThat().resideInAnyPackage("io.jkeras.models..", "io.jkeras.layers..",
                        "io.jkeras.callbacks..")
                .because("backends compile model descriptions; the facade owns models, layers and callbacks")
                .check(CLASSES);
    }

    @Test
    void everyBackendIsChecked() {
        org.junit.jupiter.api.Assertions.assertTrue(CLASSES.containPackage("io.jkeras.backend.nativebackend"));
        org.junit.jupiter.api.Assertions.assertTrue(CLASSES.containPackage("io.jkeras.backend.dl4j"));
    }
}
