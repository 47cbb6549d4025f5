package io.jkeras.layers;

/**
 * Keras's {@code Conv2D}, channels last: {@code output = activation(conv2d(input, kernel) + bias)}
 * with {@code filters} output channels; see {@link BaseConv} for the arguments.
 *
 * <p>Input shape: {@code (batch, height, width, channels)}. Output shape:
 * {@code (batch, newHeight, newWidth, filters)}. Weights: kernel
 * {@code (kernelHeight, kernelWidth, channels, filters)}, bias {@code (filters,)}.
 */
public final class Conv2D extends BaseConv<Conv2D> {

    /** A convolution with a square {@code kernelSize x kernelSize} window. */
    public Conv2D(int filters, int kernelSize) {
        this(filters, new int[] {kernelSize});
    }

    /** A convolution with a {@code (height, width)} window (one value: square). */
    public Conv2D(int filters, int[] kernelSize) {
        super(2, filters, kernelSize);
    }

    /** A convolution with a square window and an activation by Keras name. */
    public Conv2D(int filters, int kernelSize, String activation) {
        this(filters, kernelSize);
        activation(activation);
    }

    @Override
    public String className() {
        return "Conv2D";
    }

    @Override
    protected String namePrefix() {
        return "conv2d";
    }
}
