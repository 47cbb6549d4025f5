package io.jkeras.backend.dl4j;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.Backend;
import io.jkeras.backend.BackendConfig;
import io.jkeras.backend.BackendOps;
import io.jkeras.backend.Capability;
import io.jkeras.backend.ModelSpec;
import io.jkeras.backend.TrainableModel;
import io.jkeras.backend.TrainingSpec;
import io.jkeras.backend.dl4j.ops.Dl4jOps;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code dl4j} backend: each model becomes a DeepLearning4J {@code ComputationGraph} in
 * float32, trained with Keras 3's losses and update rules, on ND4J's CPU backend or, when built
 * with {@code -Pcuda}, its CUDA backend.
 */
public final class Dl4jBackend implements Backend {
    private static final Logger LOG = LoggerFactory.getLogger(Dl4jBackend.class);
    private static final String CUDA_BACKEND_CLASS = "org.nd4j.linalg.jcublas.JCublasBackend";

    private final BackendConfig config;
    private final Dl4jDevice device;
    private final Dl4jOps ops = new Dl4jOps();

    /**
     * Starts ND4J and checks that it runs on the device asked for.
     *
     * @throws KerasException if ND4J cannot start, or runs elsewhere than the configured device,
     *     or the configuration asks for a float type other than float32; the message names what is missing
     */
    public Dl4jBackend(BackendConfig config) {
        if (config.floatx() != null && !config.floatx().equals("float32")) {
            throw new KerasException("The dl4j backend computes in float32. Received: floatx '" + config.floatx() + "'.");
        }
        if (!(config.epsilon() > 0f && config.epsilon() < 0.5f)) {
            throw new KerasException("epsilon must be in (0, 0.5). Received: epsilon=" + config.epsilon());
        }
        this.config = config;
        String nd4jBackend;
        int gpus = 0;
        int current = -1;
        try {
            Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
            nd4jBackend = String.valueOf(env.getOrDefault("backend", "unknown"));
            if (Nd4j.getBackend().getClass().getName().equals(CUDA_BACKEND_CLASS)) {
                nd4jBackend = Dl4jDevice.ND4J_CUDA;
            }
            if (Dl4jDevice.ND4J_CUDA.equalsIgnoreCase(nd4jBackend)) {
                gpus = Nd4j.getAffinityManager().getNumberOfDevices();
                current = Nd4j.getAffinityManager().getDeviceForCurrentThread();
            }
        } catch (RuntimeException | LinkageError e) {
            throw new KerasException(startFailure(e), e);
        }
        this.device = Dl4jDevice.resolve(config.device(), nd4jBackend, gpus, current);
        bindThread();
        LOG.debug("dl4j backend on {} (ND4J backend {})", device.name(), nd4jBackend);
    }

    /** Why ND4J could not start, with what to do about it. */
    private static String startFailure(Throwable e) {
        // The useful part (e.g. "libcuda.so.1: cannot open shared object file") is deepest in the chain.
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String cause = root == e ? e.toString() : e + ", caused by " + root;
        boolean cudaBuild;
        try {
            Class.forName(CUDA_BACKEND_CLASS, false, Dl4jBackend.class.getClassLoader());
            cudaBuild = true;
        } catch (ClassNotFoundException | LinkageError notThere) {
            cudaBuild = false;
        }
        if (cudaBuild) {
            return "The dl4j backend could not start ND4J's CUDA backend (nd4j-cuda-11.6-platform, from the -Pcuda"
                    + " build): " + cause + ". It needs an NVIDIA GPU, an NVIDIA driver that supports CUDA 11.6, and"
                    + " CUDA 11.6's libraries (the CUDA toolkit, or org.bytedeco:cuda-platform-redist:11.6-8.3-1.5.7 on"
                    + " the classpath); build without -Pcuda to run on the CPU.";
        }
        return "The dl4j backend could not start ND4J's CPU backend (nd4j-native-platform): " + cause + ". The build keeps"
                + " only the native libraries of -Djavacpp.platform (linux-x86_64 by default, set in .mvn/maven.config);"
                + " on another system build with -Djavacpp.platform=<yours>, e.g. macosx-x86_64 or windows-x86_64.";
    }

    /** Binds the calling thread to this backend's GPU, as ND4J chooses the GPU per thread; nothing on the CPU. */
    void bindThread() {
        if (device.isCuda()) {
            Nd4j.getAffinityManager().unsafeSetDevice(device.cudaIndex());
        }
    }

    @Override
    public String name() {
        return Dl4jBackendProvider.NAME;
    }

    @Override
    public String device() {
        return device.name();
    }

    /** {@link Capability#CUDA} only when ND4J really runs on a GPU; {@link Capability#MULTITHREADED} on the CPU. */
    @Override
    public boolean supports(Capability capability) {
        return switch (capability) {
            case CUDA -> device.isCuda();
            case MULTITHREADED -> !device.isCuda();
            case PURE_JAVA -> false;
        };
    }

    @Override
    public TrainableModel build(ModelSpec model, TrainingSpec training, Map<String, List<Tensor>> initialWeights) {
        LOG.debug("Compiling model '{}' ({} layers, {} nodes) {}", model.name(), model.layers().size(),
                model.nodes().size(), training == null ? "for inference only"
                        : "with losses " + training.losses() + " and optimizer " + training.optimizer().name());
        bindThread();
        try {
            return new Dl4jModel(this, model, training, initialWeights, config.epsilon());
        } catch (KerasException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new KerasException("The dl4j backend could not compile model '" + model.name() + "' into a DL4J network: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public BackendOps ops() {
        return ops;
    }

    /** The settings the backend was started with. */
    public BackendConfig config() {
        return config;
    }

    @Override
    public String toString() {
        return "Dl4jBackend(" + device.name() + ")";
    }
}
