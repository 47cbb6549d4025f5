package io.jkeras.backend;

import io.jkeras.activations.Activation;
import io.jkeras.regularizers.Regularizer;

/**
 * Keras's {@code Dense}: {@code activation(x @ kernel + bias)}, kernel {@code (inputSize, units)}.
 *
 * @param name the layer's name
 * @param inputSize features per sample coming in
 * @param units features going out
 * @param activation applied to the affine output
 * @param useBias whether the layer has a bias
 * @param kernelRegularizer penalty on the kernel, or {@code null}
 * @param biasRegularizer penalty on the bias, or {@code null}
 */
public record DenseSpec(String name, int inputSize, int units, Activation activation, boolean useBias,
        Regularizer kernelRegularizer, Regularizer biasRegularizer) implements LayerSpec {

    @Override
    public int outputSize() {
        return units;
    }
}
