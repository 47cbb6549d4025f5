package io.jkeras.backend.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The reported case under JavaCPP's real limits, in a child JVM ({@link Dl4jOffHeapChild}) so that
 * nothing it allocates can hurt the test runner: {@code -Xmx512m}, {@code maxbytes=512m},
 * {@code maxphysicalbytes=900m}, a 784-1024-1024-10 network with BatchNormalization and a batch of
 * 25000. The parent watches the child's resident memory and kills it past 4 GB.
 */
@EnabledOnOs(OS.LINUX)
class Dl4jOffHeapProcessTest {
    private static final long KILL_BYTES = 4L << 30;

    @Test
    void aHugeBatchUnderJavaCppsLimitsIsRefusedAndAnOutOfMemoryInsideAStepLeavesTheModelUnchanged() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx512m", "-Dorg.bytedeco.javacpp.maxbytes=512m",
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=900m", "-cp", System.getProperty("java.class.path"),
                Dl4jOffHeapChild.class.getName(), "25000").redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process child = pb.start();
        Map<String, String> found = new LinkedHashMap<>();
        StringBuilder all = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null;) {
                    all.append(line).append('\n');
                    // "KEY value", or "RSS what value" for the resident memory at a point.
                    String[] words = line.split(" ", line.startsWith("RSS ") ? 3 : 2);
                    if (words.length == 2) {
                        found.put(words[0], words[1]);
                    } else if (words.length == 3) {
                        found.put(words[0] + " " + words[1], words[2]);
                    }
                }
            } catch (java.io.IOException e) {
                all.append(e);
            }
        });
        reader.start();
        Path status = Path.of("/proc", Long.toString(child.pid()), "status");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (child.isAlive() && System.nanoTime() < deadline) {
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmRSS:") && Long.parseLong(line.replaceAll("\\D", "")) * 1024 > KILL_BYTES) {
                        child.destroyForcibly();
                    }
                }
            } catch (java.io.IOException e) {
                break; // the child has ended
            }
            child.waitFor(200, TimeUnit.MILLISECONDS);
        }
        child.destroyForcibly();
        child.waitFor();
        reader.join();
        String out = all.toString();
        assertEquals(0, child.exitValue(), out);
        String refused = found.get("REFUSED");
        assertTrue(refused.startsWith("trainOnBatch() of model 'sequential' on the dl4j backend with a batch of 25000"
                + " samples"), out);
        assertTrue(refused.contains("more than JavaCPP's limit of 536870912 bytes (-Dorg.bytedeco.javacpp.maxbytes)"), out);
        long beforeBytes = Long.parseLong(found.get("RSS before"));
        long refusedBytes = Long.parseLong(found.get("RSS refused"));
        assertTrue(refusedBytes - beforeBytes < (64L << 20), "the refused batch allocated nothing off the heap: " + out);
        String oom = found.get("OOM");
        assertTrue(oom.startsWith("The dl4j backend ran out of memory in trainOnBatch() of model 'sequential' on a batch"
                + " of shape (25000, 784); the model is unchanged."), out);
        assertTrue(oom.contains("-Dorg.bytedeco.javacpp.maxphysicalbytes") && oom.contains("physicalBytes"), out);
        assertEquals("true true", found.get("UNCHANGED"), "weights and predictions after the failed step: " + out);
        assertTrue(Float.isFinite(Float.parseFloat(found.get("USABLE"))), out);
        assertTrue(List.of(out.split("\n")).stream().noneMatch(l -> l.startsWith("Exception in thread")), out);
    }
}
