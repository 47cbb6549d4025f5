package io.jkeras.backend.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.KerasException;
import io.jkeras.backend.Backend;
import io.jkeras.backend.BackendConfig;
import io.jkeras.backend.BackendProvider;
import io.jkeras.backend.Backends;
import io.jkeras.backend.Capability;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Device selection: what the backend reports, and the errors for devices this build cannot use.
 * This module is tested on ND4J's CPU backend (the default build); the CUDA answers of
 * {@link Dl4jDevice#resolve} are checked with ND4J's answers given by hand.
 */
class Dl4jDeviceTest {
    private static final BackendProvider PROVIDER = new Dl4jBackendProvider();

    @Test
    void defaultDeviceIsTheCpuOnTheCpuBuild() {
        Backend b = PROVIDER.create(BackendConfig.defaults());
        assertEquals("dl4j", b.name());
        assertEquals("cpu", b.device());
        assertTrue(b.supports(Capability.MULTITHREADED));
        assertFalse(b.supports(Capability.CUDA));
        assertFalse(b.supports(Capability.PURE_JAVA));
        assertEquals("cpu", PROVIDER.create(BackendConfig.defaults().withDevice(" CPU ")).device());
    }

    @Test
    void askingForCudaOnTheCpuBuildNamesWhatIsMissing() {
        for (String device : List.of("cuda", "cuda:0", "CUDA:1")) {
            KerasException e = assertThrows(KerasException.class,
                    () -> PROVIDER.create(BackendConfig.defaults().withDevice(device)));
            String m = e.getMessage();
            assertTrue(m.contains("'" + device + "'"), m);
            assertTrue(m.contains("CPU backend"), m);
            assertTrue(m.contains("-Pcuda") && m.contains("nd4j-cuda-11.6-platform"), m);
            assertTrue(m.contains("NVIDIA driver") && m.contains("NVIDIA GPU"), m);
        }
    }

    @Test
    void cudaFromKerasJsonSettingsReachesTheSameError(@TempDir Path home) {
        Properties props = new Properties();
        props.setProperty("jkeras.home", home.toString());
        props.setProperty("jkeras.backend", "dl4j");
        props.setProperty("jkeras.device", "cuda");
        Backends.Choice c = Backends.resolve(null, props, Map.of(), List.of(PROVIDER));
        assertEquals("cuda", c.config().device());
        KerasException e = assertThrows(KerasException.class, () -> c.provider().create(c.config()));
        assertTrue(e.getMessage().contains("-Pcuda"), e.getMessage());
    }

    @Test
    void unknownDeviceListsTheKnownOnes() {
        for (String device : List.of("tpu", "gpu", "cuda:", "cuda:x", "cuda:-1")) {
            KerasException e = assertThrows(KerasException.class,
                    () -> PROVIDER.create(BackendConfig.defaults().withDevice(device)));
            assertTrue(e.getMessage().startsWith("Unknown device '" + device + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("\"cuda:N\""), e.getMessage());
        }
    }

    @Test
    void onCudaTheDefaultIsTheThreadsGpu() {
        Dl4jDevice d = Dl4jDevice.resolve(null, "CUDA", 2, 1);
        assertEquals("cuda:1", d.name());
        assertTrue(d.isCuda());
        assertEquals("cuda:1", Dl4jDevice.resolve("cuda", "CUDA", 2, 1).name());
        assertEquals("cuda:0", Dl4jDevice.resolve("cuda:0", "CUDA", 2, 1).name());
    }

    @Test
    void onCudaAMissingGpuIndexOrTheCpuIsAnError() {
        KerasException missing = assertThrows(KerasException.class, () -> Dl4jDevice.resolve("cuda:2", "CUDA", 2, 0));
        assertTrue(missing.getMessage().contains("sees 2 GPUs (cuda:0 to cuda:1)"), missing.getMessage());
        KerasException cpu = assertThrows(KerasException.class, () -> Dl4jDevice.resolve("cpu", "CUDA", 1, 0));
        assertTrue(cpu.getMessage().contains("Build without -Pcuda"), cpu.getMessage());
    }

    @Test
    void serviceLoaderFindsTheBackendByName() {
        assertTrue(Backends.installed().contains("dl4j"), Backends.installed().toString());
    }

    @Test
    void float64IsRefused() {
        KerasException e = assertThrows(KerasException.class,
                () -> PROVIDER.create(new BackendConfig(null, "float64", 1e-7f, "channels_last", null)));
        assertTrue(e.getMessage().contains("float32"), e.getMessage());
    }
}
