package io.jkeras.backend;

import io.jkeras.KerasException;

/**
 * The settings a backend is started with, from {@code keras.json} or their defaults.
 *
 * @param device {@code "cpu"}, {@code "cuda"}, {@code "cuda:N"}, or {@code null} for the backend's default
 * @param floatx the float type; jkeras computes in {@code "float32"}
 * @param epsilon Keras's fuzz factor ({@code keras.backend.epsilon()}), 1e-7 by default; crossentropies clip with it
 * @param imageDataFormat {@code "channels_last"} (default) or {@code "channels_first"}
 * @param nativeThreads the threads of the native backend's pool ({@code "native_threads"}), or {@code null}
 *     for its default; other backends ignore it
 */
public record BackendConfig(String device, String floatx, float epsilon, String imageDataFormat,
                            Integer nativeThreads) {

    /**
     * Checks the thread count.
     *
     * @throws KerasException if {@code nativeThreads} is not {@code null} and not positive
     */
    public BackendConfig {
        if (nativeThreads != null && nativeThreads < 1) {
            throw new KerasException("nativeThreads must be a positive integer (threads of the native backend's pool)"
                    + " or null for the default. Received: " + nativeThreads);
        }
    }

    /** Keras's defaults, the backend's default device and the native backend's default threads. */
    public static BackendConfig defaults() {
        return new BackendConfig(null, "float32", 1e-7f, "channels_last", null);
    }

    /** The same settings on another device. */
    public BackendConfig withDevice(String newDevice) {
        return new BackendConfig(newDevice, floatx, epsilon, imageDataFormat, nativeThreads);
    }

    /** The same settings with another thread count for the native backend ({@code null}: its default). */
    public BackendConfig withNativeThreads(Integer threads) {
        return new BackendConfig(device, floatx, epsilon, imageDataFormat, threads);
    }

    /**
     * Reads a thread count given as text, such as the environment variable
     * {@code JKERAS_NATIVE_THREADS} or the system property {@code jkeras.native.threads}.
     *
     * @param value the text, e.g. {@code "4"}
     * @param source what it is, for the message: {@code "system property jkeras.native.threads"}
     * @throws KerasException naming {@code source}, if {@code value} is not a positive integer
     */
    public static int parseNativeThreads(String value, String source) {
        int threads;
        try {
            threads = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            threads = 0;
        }
        if (threads < 1) {
            throw new KerasException(source + " must be a positive integer, the threads of the native backend's pool"
                    + " (1 turns threading off). Received: '" + value + "'");
        }
        return threads;
    }
}
