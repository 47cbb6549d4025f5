package io.jkeras.backend;

import java.util.Locale;

/**
 * Keras's {@code padding} of convolutions and pooling. {@code VALID} uses only whole windows
 * inside the input: {@code out = floor((in - effectiveKernel) / stride) + 1}, with
 * {@code effectiveKernel = (kernel - 1) * dilation + 1}. {@code SAME} gives
 * {@code out = ceil(in / stride)} and pads {@code max((out - 1) * stride + effectiveKernel - in, 0)}
 * positions, half before and the odd one after (TensorFlow's split, which Keras follows on every backend).
 */
public enum Padding {
    /** No padding. */
    VALID,
    /** Padding so that {@code out = ceil(in / stride)}. */
    SAME;

    /**
     * The padding of this Keras name, {@code "valid"} or {@code "same"} (any case).
     *
     * @throws IllegalArgumentException for any other name
     */
    public static Padding of(String name) {
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "valid" -> VALID;
            case "same" -> SAME;
            default -> throw new IllegalArgumentException("The `padding` argument must be one of \"valid\", \"same\"."
                    + " Received: padding=" + name);
        };
    }

    /** The Keras name: {@code "valid"} or {@code "same"}. */
    public String kerasName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Output positions along an axis of {@code in} positions; zero or negative when a valid window does not fit. */
    public int outputLength(int in, int kernel, int stride, int dilation) {
        int effective = (kernel - 1) * dilation + 1;
        return this == VALID ? Math.floorDiv(in - effective, stride) + 1 : Math.floorDiv(in - 1, stride) + 1;
    }

    /** Padding positions before the first input position along an axis; the rest of the padding goes after the last. */
    public int padBefore(int in, int kernel, int stride, int dilation) {
        if (this == VALID) {
            return 0;
        }
        int effective = (kernel - 1) * dilation + 1;
        int total = Math.max((outputLength(in, kernel, stride, dilation) - 1) * stride + effective - in, 0);
        return total / 2;
    }
}
