package io.jkeras.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jkeras.data.Idx;
import java.io.ByteArrayInputStream;

/**
 * Fuzzes the IDX reader with any bytes, raw or gzip (the reader recognises gzip by its magic
 * bytes, so the fuzzer reaches the decompressing path too).
 */
class IdxFuzzTest {

    /** Any bytes as an IDX stream: a tensor, or a {@code KerasException} with a message. */
    @FuzzTest(maxDuration = "4m")
    void idxReader(byte[] input) {
        Contract.holds(() -> Idx.read(new ByteArrayInputStream(input), "fuzz input"));
    }
}
