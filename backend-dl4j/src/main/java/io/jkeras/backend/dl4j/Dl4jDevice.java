package io.jkeras.backend.dl4j;

import io.jkeras.KerasException;
import java.util.Locale;

/**
 * Where the dl4j backend runs, and whether that is what was asked. ND4J picks its backend once
 * per JVM from the jars on the classpath: {@code nd4j-native-platform} (the default build) runs
 * on the CPU, {@code nd4j-cuda-11.6-platform} (the {@code -Pcuda} build) on an NVIDIA GPU. This
 * class compares the request with that, and says what is missing when they differ.
 *
 * @param name what {@link io.jkeras.backend.Backend#device()} reports: {@code "cpu"} or {@code "cuda:N"}
 * @param cudaIndex the GPU to bind calls to, or {@code -1} on the CPU
 */
public record Dl4jDevice(String name, int cudaIndex) {

    /** What ND4J reports when it runs its CUDA backend. */
    public static final String ND4J_CUDA = "CUDA";

    /** Whether this is a GPU. */
    public boolean isCuda() {
        return cudaIndex >= 0;
    }

    /**
     * Matches a requested device with the ND4J backend that is running.
     *
     * @param requested {@code "cpu"}, {@code "cuda"}, {@code "cuda:N"}, or {@code null}/blank for whatever ND4J runs on
     * @param nd4jBackend ND4J's backend, as its environment reports it: {@code "CPU"} or {@code "CUDA"}
     * @param gpus how many GPUs ND4J sees (0 on the CPU backend)
     * @param currentGpu the GPU ND4J uses for this thread (ignored on the CPU backend)
     * @throws KerasException if the request cannot be met, naming what is missing
     */
    public static Dl4jDevice resolve(String requested, String nd4jBackend, int gpus, int currentGpu) {
        boolean onCuda = ND4J_CUDA.equalsIgnoreCase(nd4jBackend);
        String r = requested == null ? "" : requested.trim().toLowerCase(Locale.ROOT);
        if (r.isEmpty()) {
            return onCuda ? new Dl4jDevice("cuda:" + currentGpu, currentGpu) : new Dl4jDevice("cpu", -1);
        }
        if (r.equals("cpu")) {
            if (onCuda) {
                throw new KerasException("Device 'cpu' was asked for, but this jkeras-backend-dl4j was built with ND4J's"
                        + " CUDA backend (nd4j-cuda-11.6-platform, the -Pcuda profile), which runs on the GPU only."
                        + " Build without -Pcuda to run the dl4j backend on the CPU, or set device to \"cuda\".");
            }
            return new Dl4jDevice("cpu", -1);
        }
        if (!r.equals("cuda") && !r.matches("cuda:\\d{1,4}")) {
            throw new KerasException("Unknown device '" + requested + "' for the dl4j backend. Expected \"cpu\", \"cuda\""
                    + " or \"cuda:N\" (N the GPU's index, from 0).");
        }
        if (!onCuda) {
            throw new KerasException("Device '" + requested + "' was asked for, but ND4J runs its CPU backend ("
                    + nd4jBackend + "): this jkeras-backend-dl4j was built with nd4j-native-platform. CUDA needs all of:"
                    + " a build with the -Pcuda profile (mvn -Pcuda ..., which puts nd4j-cuda-11.6-platform on the"
                    + " classpath), an NVIDIA driver that supports CUDA 11.6, and an NVIDIA GPU."
                    + " Or set device to \"cpu\".");
        }
        int index = r.equals("cuda") ? currentGpu : Integer.parseInt(r.substring("cuda:".length()));
        if (index >= gpus) {
            throw new KerasException("Device '" + requested + "' was asked for, but ND4J sees " + gpus + " GPU"
                    + (gpus == 1 ? "" : "s") + (gpus > 0 ? " (cuda:0 to cuda:" + (gpus - 1) + ")" : "") + ".");
        }
        return new Dl4jDevice("cuda:" + index, index);
    }
}
