package io.jkeras.backend.dl4j.conformance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.conformance.ConformanceBase;
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
 * Every abstract {@code *Conformance} class of jkeras-api's test jar has its dl4j subclass here,
 * so that a conformance class added to the suite cannot go unrun on this backend.
 */
class ConformanceCoverageTest {

    @Test
    void everyConformanceClassRunsOnDl4j() throws IOException, URISyntaxException {
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
            String runner = getClass().getPackageName() + ".Dl4j" + suite + "Test";
            try {
                Class<?> c = Class.forName(runner);
                assertTrue(Class.forName("io.jkeras.conformance." + suite).isAssignableFrom(c), runner);
            } catch (ClassNotFoundException e) {
                missing.add(suite);
            }
        }
        assertTrue(missing.isEmpty(), "conformance classes without a dl4j subclass: " + missing);
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
