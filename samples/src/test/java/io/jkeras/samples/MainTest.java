package io.jkeras.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.backend.Backends;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path out;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @AfterEach
    void restore() {
        Backends.reset();
    }

    private int run(String... args) {
        return Main.run(args, new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsEverySampleAndItsOptions() {
        assertEquals(0, run("--help"));
        for (Sample s : Main.SAMPLES) {
            assertTrue(printed().contains("\n  " + s.name() + " "), s.name() + " in\n" + printed());
        }
        assertTrue(printed().contains("--passes N"), printed());
        assertTrue(printed().contains("--backend NAME"), printed());
    }

    @Test
    void unknownSampleNamesTheKnownOnes() {
        assertEquals(2, run("regresion"));
        assertEquals("Unknown sample 'regresion'. Samples: regression, linear, moons, ops, mnist, mnist-cnn, timeseries, sequence-classify, save-load, all.\n",
                printed());
    }

    @Test
    void optionWithoutValueIsAnError() {
        assertEquals(2, run("linear", "--steps"));
        assertTrue(printed().startsWith("Option --steps needs a value."), printed());
    }

    @Test
    void unknownBackendIsReportedWithTheInstalledOnes() {
        assertEquals(1, run("ops", "--backend", "theano", "--out", out.toString()));
        assertTrue(printed().contains("Error: Backend 'theano' (chosen by code (Backends.use or compile)) is not installed."),
                printed());
    }

    @Test
    void sampleRunsOnTheChosenBackendWithEqualsSyntax() {
        String backend = Backends.installed().get(0);
        assertEquals(0, run("timeseries", "--backend=" + backend, "--out=" + out));
        assertTrue(printed().startsWith("jkeras samples on backend " + backend + " ("), printed());
        assertTrue(printed().contains("=== timeseries: "), printed());
    }

    @Test
    void badNumberIsReported() {
        assertEquals(1, run("linear", "--steps", "many", "--out", out.toString()));
        assertTrue(printed().contains("Error: Option --steps expects a non-negative integer. Received: 'many'."), printed());
    }
}
