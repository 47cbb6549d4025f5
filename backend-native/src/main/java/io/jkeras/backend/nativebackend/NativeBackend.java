package io.jkeras.backend.nativebackend;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.Backend;
import io.jkeras.backend.BackendConfig;
import io.jkeras.backend.BackendOps;
import io.jkeras.backend.Capability;
import io.jkeras.backend.ModelSpec;
import io.jkeras.backend.TrainableModel;
import io.jkeras.backend.TrainingSpec;
import io.jkeras.backend.nativebackend.kernels.Parallel;
import io.jkeras.backend.nativebackend.ops.NativeOps;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code native} backend: pure Java over {@code float[]}, on the CPU, with no native code.
 * Layers, losses and optimizers follow Keras 3's formulas exactly, in float32.
 */
public final class NativeBackend implements Backend {
    private static final Logger LOG = LoggerFactory.getLogger(NativeBackend.class);
    private final BackendConfig config;
    private final NativeOps ops = new NativeOps();

    /**
     * Starts the backend, and the JVM's one pool of native threads if nothing has started it yet,
     * sized as {@link #threads()} says.
     *
     * @throws KerasException if the configuration asks for a device other than the CPU or a float
     *     type other than float32, or if the system property {@code jkeras.native.threads} is not a
     *     positive integer
     */
    public NativeBackend(BackendConfig config) {
        String device = config.device();
        if (device != null && !device.isBlank() && !device.trim().toLowerCase(Locale.ROOT).equals("cpu")) {
            throw new KerasException("The native backend runs on the CPU only. Received: device '" + device
                    + "'. Set device to \"cpu\" (or leave it out), or use the dl4j backend for CUDA.");
        }
        if (config.floatx() != null && !config.floatx().equals("float32")) {
            throw new KerasException("The native backend computes in float32. Received: floatx '" + config.floatx() + "'.");
        }
        if (!(config.epsilon() > 0f && config.epsilon() < 0.5f)) {
            throw new KerasException("epsilon must be in (0, 0.5). Received: epsilon=" + config.epsilon());
        }
        Parallel.startPool(config.nativeThreads());
        this.config = config;
    }

    @Override
    public String name() {
        return NativeBackendProvider.NAME;
    }

    @Override
    public String device() {
        return "cpu";
    }

    @Override
    public boolean supports(Capability capability) {
        return capability == Capability.PURE_JAVA || capability == Capability.MULTITHREADED;
    }

    @Override
    public TrainableModel build(ModelSpec model, TrainingSpec training, Map<String, List<Tensor>> initialWeights) {
        if (training == null) {
            LOG.debug("Compiling model '{}' ({} layers, {} nodes) for inference", model.name(), model.layers().size(),
                    model.nodes().size());
        } else {
            LOG.debug("Compiling model '{}' ({} layers, {} nodes) with losses {} and optimizer {}", model.name(),
                    model.layers().size(), model.nodes().size(), training.losses(), training.optimizer().name());
        }
        return new NativeModel(model, training, initialWeights, config.epsilon());
    }

    @Override
    public BackendOps ops() {
        return ops;
    }

    /**
     * The matrix-product kernels this JVM runs: {@code "simd-256"} or {@code "simd-512"} (the Vector
     * API, vectors of that many bits) when it was started with
     * {@code --add-modules jdk.incubator.vector}, else {@code "scalar"}.
     */
    public static String kernelPath() {
        return io.jkeras.backend.nativebackend.kernels.Gemm.kernelPath();
    }

    /**
     * The threads (the calling thread included) that the native kernels split large matrix products
     * and batches over: the size of the one pool the JVM has. It is set when the pool starts, by the
     * first native backend (or else the first large product), from the system property
     * {@code jkeras.native.threads}, else {@code "native_threads"} in {@code keras.json} (or the
     * environment variable {@code JKERAS_NATIVE_THREADS}), else {@code Runtime.availableProcessors()};
     * it does not change afterwards. A backend started later that asks for another size logs a
     * warning and uses this one.
     */
    public static int threads() {
        return Parallel.threads();
    }

    /** The settings the backend was started with. */
    public BackendConfig config() {
        return config;
    }

    @Override
    public String toString() {
        return "NativeBackend(cpu)";
    }
}
