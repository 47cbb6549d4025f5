package io.jkeras.layers;

import io.jkeras.Tensor;
import io.jkeras.activations.Activation;
import io.jkeras.initializers.Constant;
import io.jkeras.initializers.Initializer;
import io.jkeras.initializers.VarianceScaling;
import io.jkeras.regularizers.Regularizer;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * What {@link Dense} and the convolutions ({@link BaseConv}) share: {@code activation(op(input, kernel)
 * + bias)}, with Keras's {@code activation} (default linear), {@code use_bias} (default true),
 * {@code kernel_initializer} ({@code glorot_uniform}), {@code bias_initializer} ({@code zeros}) and
 * their regularizers.
 *
 * @param <T> the concrete layer, returned by the configuration methods
 */
public abstract class KernelLayer<T extends KernelLayer<T>> extends Layer {
    private Activation activation = Activation.LINEAR;
    private boolean useBias = true;
    private Initializer kernelInitializer = VarianceScaling.glorotUniform();
    private Initializer biasInitializer = new Constant(0f);
    private Regularizer kernelRegularizer;
    private Regularizer biasRegularizer;

    KernelLayer() {
    }

    @SuppressWarnings("unchecked")
    final T self() {
        return (T) this;
    }

    /** The activation. */
    public T activation(Activation a) {
        checkNotBuilt("the activation");
        this.activation = Objects.requireNonNull(a, "activation");
        return self();
    }

    /** The activation by Keras name, e.g. {@code "relu"}. */
    public T activation(String name) {
        return activation(Activation.get(name));
    }

    /** Whether the layer has a bias (Keras's {@code use_bias}, default true). */
    public T useBias(boolean b) {
        checkNotBuilt("useBias");
        this.useBias = b;
        return self();
    }

    /** The kernel initializer. */
    public T kernelInitializer(Initializer init) {
        checkNotBuilt("the kernel initializer");
        this.kernelInitializer = Objects.requireNonNull(init, "kernelInitializer");
        return self();
    }

    /** The kernel initializer by Keras name, e.g. {@code "he_normal"}. */
    public T kernelInitializer(String name) {
        return kernelInitializer(Initializer.get(name));
    }

    /** The bias initializer. */
    public T biasInitializer(Initializer init) {
        checkNotBuilt("the bias initializer");
        this.biasInitializer = Objects.requireNonNull(init, "biasInitializer");
        return self();
    }

    /** The bias initializer by Keras name. */
    public T biasInitializer(String name) {
        return biasInitializer(Initializer.get(name));
    }

    /** A penalty on the kernel added to the loss, e.g. {@code Regularizer.l2(0.01)}. */
    public T kernelRegularizer(Regularizer r) {
        checkNotBuilt("the kernel regularizer");
        this.kernelRegularizer = r;
        return self();
    }

    /** A penalty on the bias added to the loss. */
    public T biasRegularizer(Regularizer r) {
        checkNotBuilt("the bias regularizer");
        this.biasRegularizer = r;
        return self();
    }

    @Override
    public T name(String newName) {
        super.name(newName);
        return self();
    }

    @Override
    public T inputShape(int... shape) {
        super.inputShape(shape);
        return self();
    }

    /** The activation. */
    public Activation getActivation() {
        return activation;
    }

    /** Whether the layer has a bias. */
    public boolean getUseBias() {
        return useBias;
    }

    /** The kernel initializer. */
    public Initializer getKernelInitializer() {
        return kernelInitializer;
    }

    /** The bias initializer. */
    public Initializer getBiasInitializer() {
        return biasInitializer;
    }

    /** The kernel's penalty, or {@code null}. */
    public Regularizer getKernelRegularizer() {
        return kernelRegularizer;
    }

    /** The bias's penalty, or {@code null}. */
    public Regularizer getBiasRegularizer() {
        return biasRegularizer;
    }

    /** The kernel of this shape, then the bias of {@code biasSize} when there is one, from their initializers. */
    final List<Tensor> initialKernelAndBias(int[] kernelShape, int biasSize, Random rng) {
        Tensor kernel = kernelInitializer.apply(kernelShape, rng);
        return useBias ? List.of(kernel, biasInitializer.apply(new int[] {biasSize}, rng)) : List.of(kernel);
    }
}
