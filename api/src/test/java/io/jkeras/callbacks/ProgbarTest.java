package io.jkeras.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgbarTest {

    private static String run(int target, int verbose, boolean dynamic) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Progbar bar = new Progbar(target, verbose, out, dynamic);
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", 0.30121);
        logs.put("accuracy", 0.89117);
        for (int i = 1; i <= target; i++) {
            bar.update(i, logs);
        }
        bar.finish(logs);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void finishedLineHasKerasFormat() {
        String line = run(469, 1, false).strip();
        assertTrue(line.matches("469/469 \\[={30}\\] - \\d+s \\d+(us|ms|s)/step - loss: 0\\.3012 - accuracy: 0\\.8912"),
                line);
    }

    @Test
    void withoutATerminalOnlyTheFinishedLineIsWritten() {
        String out = run(5, 1, false);
        assertEquals(1, out.lines().count(), out);
    }

    @Test
    void countIsRightAlignedToTheTargetsDigits() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progbar bar = new Progbar(100, 1, new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        bar.update(7, Map.of("loss", 1.5));
        String s = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(s.startsWith("\r  7/100 [=>"), s);
        assertTrue(s.contains("ETA: "), s);
    }

    @Test
    void verboseTwoPrintsOneLinePerEpochWithoutBar() {
        String line = run(3, 2, false).strip();
        assertTrue(line.matches("3/3 - \\d+s - loss: 0\\.3012 - accuracy: 0\\.8912 - \\d+(us|ms|s)/epoch - \\d+(us|ms|s)/step"), line);
    }

    @Test
    void smallValuesUseScientificNotationAsKerasDoes() {
        assertEquals("2.5000e-04", Progbar.formatValue(0.00025));
        assertEquals("0.0100", Progbar.formatValue(0.01));
    }

    @Test
    void timePerStepPicksTheUnitAsKerasDoes() {
        assertEquals(" 4ms/step", Progbar.formatTime(0.004, "step"));
        assertEquals(" 120us/step", Progbar.formatTime(0.00012, "step"));
        assertEquals(" 2s/epoch", Progbar.formatTime(2.2, "epoch"));
    }
}
