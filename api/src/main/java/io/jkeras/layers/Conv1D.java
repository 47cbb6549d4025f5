package io.jkeras.layers;

/**
 * Keras's {@code Conv1D}, channels last: {@code output = activation(conv1d(input, kernel) + bias)}
 * over the steps of a sequence, with {@code filters} output channels; see {@link BaseConv} for the arguments.
 *
 * <p>Input shape: {@code (batch, steps, channels)}. Output shape: {@code (batch, newSteps, filters)}.
 * Weights: kernel {@code (kernelSize, channels, filters)}, bias {@code (filters,)}.
 */
public final class Conv1D extends BaseConv<Conv1D> {

    /** A convolution with a window of {@code kernelSize} steps. */
    public Conv1D(int filters, int kernelSize) {
        super(1, filters, new int[] {kernelSize});
    }

    /** A convolution with a window of {@code kernelSize} steps and an activation by Keras name. */
    public Conv1D(int filters, int kernelSize, String activation) {
        this(filters, kernelSize);
        activation(activation);
    }

    @Override
    public String className() {
        return "Conv1D";
    }

    @Override
    protected String namePrefix() {
        return "conv1d";
    }
}
