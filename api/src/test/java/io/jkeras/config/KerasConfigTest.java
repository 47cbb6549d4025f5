package io.jkeras.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.KerasException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KerasConfigTest {
    @TempDir
    Path dir;

    @Test
    void readsKerasKeysAndDevice() throws Exception {
        Path f = Files.writeString(dir.resolve("keras.json"), """
                {"backend": "dl4j", "floatx": "float32", "epsilon": 1e-6,
                 "image_data_format": "channels_last", "device": "cuda"}""");
        KerasConfig c = KerasConfig.read(f);
        assertEquals("dl4j", c.backend());
        assertEquals("cuda", c.settings().device());
        assertEquals(1e-6f, c.settings().epsilon());
        assertEquals("channels_last", c.settings().imageDataFormat());
    }

    @Test
    void missingFileGivesKerasDefaults() {
        KerasConfig c = KerasConfig.read(dir.resolve("absent.json"));
        assertNull(c.backend());
        assertEquals(1e-7f, c.settings().epsilon());
        assertEquals("float32", c.settings().floatx());
    }

    @Test
    void invalidJsonNamesTheFileAndTheLine() throws Exception {
        Path f = Files.writeString(dir.resolve("keras.json"), "{\n \"backend\": \"native\",\n}");
        KerasException e = assertThrows(KerasException.class, () -> KerasConfig.read(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    }

    @Test
    void wrongTypeNamesTheField() throws Exception {
        Path f = Files.writeString(dir.resolve("keras.json"), "{\"backend\": 3}");
        KerasException e = assertThrows(KerasException.class, () -> KerasConfig.read(f));
        assertTrue(e.getMessage().contains("'backend'"), e.getMessage());
    }

    @Test
    void float64IsRefusedWithTheReason() throws Exception {
        Path f = Files.writeString(dir.resolve("keras.json"), "{\"floatx\": \"float64\"}");
        KerasException e = assertThrows(KerasException.class, () -> KerasConfig.read(f));
        assertTrue(e.getMessage().contains("float32"), e.getMessage());
    }

    @Test
    void topLevelMustBeAnObject() throws Exception {
        Path f = Files.writeString(dir.resolve("keras.json"), "[1, 2]");
        assertThrows(KerasException.class, () -> KerasConfig.read(f));
    }

    @Test
    void aHugeFileIsRefusedBeforeItIsParsed() throws Exception {
        Path f = dir.resolve("keras.json");
        Files.writeString(f, "{\"backend\": \"native\", \"pad\": \"" + "x".repeat(10_000_000) + "\"}");
        KerasException e = assertThrows(KerasException.class, () -> KerasConfig.read(f));
        assertEquals("Configuration file " + f + " is longer than 65536 bytes; a keras.json holds a few fields such as "
                + "{\"backend\": \"native\"}.", e.getMessage());
    }

    @Test
    void anEndlessFileIsReadNoFurtherThanTheCap() throws Exception {
        Path zero = Path.of("/dev/zero");
        Assumptions.assumeTrue(Files.isReadable(zero), "needs /dev/zero");
        Path f = Files.createSymbolicLink(dir.resolve("keras.json"), zero);
        KerasException e = assertThrows(KerasException.class, () -> KerasConfig.read(f));
        assertTrue(e.getMessage().contains("is longer than 65536 bytes"), e.getMessage());
    }

    @Test
    void deepNestingIsAKerasExceptionNotAStackOverflow() {
        byte[] deep = "[".repeat(50_000).getBytes(StandardCharsets.US_ASCII);
        KerasException e = assertThrows(KerasException.class, () -> KerasConfig.parse(deep, Path.of("keras.json")));
        assertTrue(e.getMessage().startsWith("Configuration file keras.json is not valid JSON: "), e.getMessage());
    }

    @Test
    void dataAfterTheObjectIsRefusedAsPythonsJsonDoes() {
        byte[] trailing = "{\"backend\": \"native\"} {}".getBytes(StandardCharsets.US_ASCII);
        KerasException e = assertThrows(KerasException.class, () -> KerasConfig.parse(trailing, Path.of("keras.json")));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void nativeThreadsIsReadAsAPositiveInteger() throws Exception {
        Path f = Files.writeString(dir.resolve("keras.json"), "{\"backend\": \"native\", \"native_threads\": 3}");
        assertEquals(3, KerasConfig.read(f).settings().nativeThreads());
        Path one = Files.writeString(dir.resolve("one.json"), "{\"native_threads\": 1}");
        assertEquals(1, KerasConfig.read(one).settings().nativeThreads());
    }

    @Test
    void nativeThreadsAbsentOrNullLeavesTheDefault() throws Exception {
        assertNull(KerasConfig.read(Files.writeString(dir.resolve("a.json"), "{\"backend\": \"native\"}"))
                .settings().nativeThreads());
        assertNull(KerasConfig.read(Files.writeString(dir.resolve("b.json"), "{\"native_threads\": null}"))
                .settings().nativeThreads());
        assertNull(KerasConfig.defaults().settings().nativeThreads());
    }

    @Test
    void nativeThreadsThatIsNotAPositiveIntegerNamesTheFileTheFieldAndTheValue() throws Exception {
        // Each value as written in the file, then as the message shows it.
        String[][] bad = {{"0", "0"}, {"-2", "-2"}, {"2.5", "2.5"}, {"4.0", "4.0"}, {"1e3", "1000.0"},
            {"\"4\"", "\"4\""}, {"true", "true"}, {"[4]", "[4]"}, {"4294967297", "4294967297"}};
        for (String[] value : bad) {
            Path f = Files.writeString(dir.resolve("keras.json"), "{\"native_threads\": " + value[0] + "}");
            KerasException e = assertThrows(KerasException.class, () -> KerasConfig.read(f), value[0]);
            assertEquals("Field 'native_threads' of " + f + " must be a positive integer, the threads of the native"
                    + " backend's pool (1 turns threading off). Received: " + value[1], e.getMessage());
        }
    }

    @Test
    void nullArgumentsAreNamed() {
        assertEquals("file must not be null",
                assertThrows(NullPointerException.class, () -> KerasConfig.read(null)).getMessage());
    }
}
