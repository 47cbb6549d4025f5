package io.jkeras.backend;

/**
 * The settings a backend is started with, from {@code keras.json} or their defaults.
 *
 * @param device {@code "cpu"}, {@code "cuda"}, {@code "cuda:N"}, or {@code null} for the backend's default
 * @param floatx the float type; jkeras computes in {@code "float32"}
 * @param epsilon Keras's fuzz factor ({@code keras.backend.epsilon()}), 1e-7 by default; crossentropies clip with it
 * @param imageDataFormat {@code "channels_last"} (default) or {@code "channels_first"}
 */
public record BackendConfig(String device, String floatx, float epsilon, String imageDataFormat) {

    /** Keras's defaults and the backend's default device. */
    public static BackendConfig defaults() {
        return new BackendConfig(null, "float32", 1e-7f, "channels_last");
    }

    /** The same settings on another device. */
    public BackendConfig withDevice(String newDevice) {
        return new BackendConfig(newDevice, floatx, epsilon, imageDataFormat);
    }
}
