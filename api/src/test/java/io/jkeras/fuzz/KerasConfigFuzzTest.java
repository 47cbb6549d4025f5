package io.jkeras.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jkeras.config.KerasConfig;
import java.nio.file.Path;

/** Fuzzes the {@code keras.json} reader with any bytes as the file's contents. */
class KerasConfigFuzzTest {
    private static final Path FILE = Path.of("keras.json");

    /** Any bytes as a {@code keras.json}: a configuration, or a {@code KerasException} with a message. */
    @FuzzTest(maxDuration = "4m")
    void kerasJsonReader(byte[] input) {
        Contract.holds(() -> KerasConfig.parse(input, FILE));
    }
}
