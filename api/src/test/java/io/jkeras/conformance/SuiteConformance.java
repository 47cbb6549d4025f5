package io.jkeras.conformance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The suite itself: every abstract {@code *Conformance} class of this test jar must have a
 * subclass in the backend module that runs this one, in the same package and named with the same
 * prefix ({@code NativeSuiteConformanceTest} requires {@code NativeLayerConformanceTest}...), so
 * that a conformance class added to the suite cannot go unrun on any backend.
 */
public abstract class SuiteConformance extends ConformanceBase {

    @Test
    void everyConformanceClassRunsOnThisBackend() throws IOException, URISyntaxException {
        String simple = getClass().getSimpleName();
        String prefix = simple.substring(0, simple.indexOf("SuiteConformance"));
        Path location = Path.of(ConformanceBase.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> suites = new ArrayList<>();
        if (Files.isDirectory(location)) {
            suites.addAll(list(location));
        } else {
            try (FileSystem jar = FileSystems.newFileSystem(location, Map.of())) {
                suites.addAll(list(jar.getPath("/")));
            }
        }
        assertFalse(suites.isEmpty(), "no *Conformance class found in " + location);
        List<String> missing = new ArrayList<>();
        for (String suite : suites) {
            String runner = getClass().getPackageName() + "." + prefix + suite + "Test";
            try {
                Class<?> c = Class.forName(runner);
                assertTrue(Class.forName("io.jkeras.conformance." + suite).isAssignableFrom(c), runner);
            } catch (ClassNotFoundException e) {
                missing.add(suite);
            }
        }
        assertTrue(missing.isEmpty(), "conformance classes without a " + backend().name() + " subclass: " + missing);
    }

    private static List<String> list(Path root) throws IOException {
        Path dir = root.resolve("io/jkeras/conformance");
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith("Conformance.class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()))
                    .sorted()
                    .toList();
        }
    }
}
