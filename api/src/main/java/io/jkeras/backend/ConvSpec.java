package io.jkeras.backend;

import io.jkeras.activations.Activation;
import io.jkeras.regularizers.Regularizer;
import java.util.List;

/**
 * Keras's {@code Conv1D} and {@code Conv2D}, channels last: {@code activation(conv(x, kernel) + bias)}
 * over an input of per-sample shape {@code (steps, channels)} or {@code (height, width, channels)}.
 * The kernel is Keras's {@code (kernelSize..., inChannels, filters)}, the bias {@code (filters,)}.
 * Row-major, the kernel is the matrix {@code (kernelHeight * kernelWidth * inChannels, filters)}.
 *
 * @param name the layer's name
 * @param inputShape the per-sample input shape, rank {@code kernelSize.length + 1}
 * @param filters output channels
 * @param kernelSize the window per spatial axis
 * @param strides the step per spatial axis
 * @param padding valid or same
 * @param dilationRate the dilation per spatial axis
 * @param activation applied to the output
 * @param useBias whether the layer has a bias
 * @param kernelRegularizer penalty on the kernel, or {@code null}
 * @param biasRegularizer penalty on the bias, or {@code null}
 */
public record ConvSpec(String name, int[] inputShape, int filters, int[] kernelSize, int[] strides, Padding padding,
        int[] dilationRate, Activation activation, boolean useBias, Regularizer kernelRegularizer,
        Regularizer biasRegularizer) implements LayerSpec {

    /** Copies the arrays and checks that the windows fit. */
    public ConvSpec {
        inputShape = inputShape.clone();
        kernelSize = kernelSize.clone();
        strides = strides.clone();
        dilationRate = dilationRate.clone();
        Window.of(inputShape, kernelSize, strides, dilationRate, padding);
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public int[] kernelSize() {
        return kernelSize.clone();
    }

    @Override
    public int[] strides() {
        return strides.clone();
    }

    @Override
    public int[] dilationRate() {
        return dilationRate.clone();
    }

    /** Where the windows fall, as two-dimensional geometry. */
    public Window window() {
        return Window.of(inputShape, kernelSize, strides, dilationRate, padding);
    }

    @Override
    public List<int[]> inputShapes() {
        return List.of(inputShape.clone());
    }

    @Override
    public int[] outputShape() {
        return window().outputShape(kernelSize.length, filters);
    }

    @Override
    public List<VariableSpec> variables() {
        int rank = kernelSize.length;
        int[] shape = new int[rank + 2];
        System.arraycopy(kernelSize, 0, shape, 0, rank);
        shape[rank] = inputShape[rank];
        shape[rank + 1] = filters;
        VariableSpec kernel = VariableSpec.trainable("kernel", shape, kernelRegularizer);
        return useBias ? List.of(kernel, VariableSpec.trainable("bias", new int[] {filters}, biasRegularizer))
                : List.of(kernel);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.conv(this);
    }
}
