package io.jkeras.saving;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.jkeras.layers.Layer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every layer jkeras has must save and load: a concrete {@link Layer} subclass anywhere in
 * jkeras's main code without a {@link LayerSerializer} fails the build, so every layer added later
 * comes with its Keras configuration.
 */
class LayerCoverageTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyLayerClassHasASaveAndLoadMapping() {
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (JavaClass c : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.jkeras")) {
            if (c.isAssignableTo(Layer.class) && !c.getModifiers().contains(JavaModifier.ABSTRACT) && !c.isInterface()) {
                checked++;
                if (ObjectRegistration.serializerFor((Class<? extends Layer>) c.reflect()) == null) {
                    missing.add(c.getName());
                }
            }
        }
        assertTrue(missing.isEmpty(), "layers without a LayerSerializer in BuiltinLayers: " + missing);
        assertTrue(checked >= 13, "found only " + checked + " layer classes");
    }
}
