package io.jkeras.backend.dl4j.layers;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.regularizers.Regularizer;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A Keras layer with a kernel and an optional bias {@code (units,)} on DL4J ({@code Dense}, the
 * convolutions): the bias, the weight count, the penalties and the tied gradients of shared layers
 * are handled here; subclasses move the kernel between Keras's layout and DL4J's.
 */
abstract sealed class Dl4jKernelLayer extends Dl4jLayer permits Dl4jDense, Dl4jConv, Dl4jEmbedding {
    private final String name;
    private final String kind;
    private final int units;
    private final Regularizer kernelRegularizer;
    private final Regularizer biasRegularizer;
    /** The kernel's views in every DL4J copy. */
    final Dl4jParams kernel;
    private final Dl4jParams bias;

    /**
     * @param kind the Keras class, for messages, e.g. {@code "Dense"}
     * @param units the bias size
     */
    Dl4jKernelLayer(String name, String kind, int units, boolean useBias, Regularizer kernelRegularizer,
            Regularizer biasRegularizer, List<Layer> copies, String weightKey, String biasKey) {
        if (copies.isEmpty()) {
            throw new IllegalArgumentException(kind + " '" + name + "' is called at no node of the model.");
        }
        this.name = name;
        this.kind = kind;
        this.units = units;
        this.kernelRegularizer = kernelRegularizer;
        this.biasRegularizer = useBias ? biasRegularizer : null;
        this.kernel = new Dl4jParams(copies, weightKey);
        this.bias = useBias ? new Dl4jParams(copies, biasKey) : null;
    }

    /** The kernel in Keras's layout and shape; a copy. */
    abstract Tensor kernelTensor();

    /** Writes a Keras kernel into every copy; its shape is not checked yet. */
    abstract void assignKernel(Tensor k);

    /** The layer's name. */
    final String name() {
        return name;
    }

    @Override
    public final List<Tensor> getWeights() {
        Tensor k = kernelTensor();
        return bias == null ? List.of(k) : List.of(k, Tensor.of(io.jkeras.backend.dl4j.ops.Nd4jTensors.toFloats(
                bias.value()), units));
    }

    @Override
    public final void setWeights(List<Tensor> weights) {
        int expected = bias != null ? 2 : 1;
        if (weights.size() != expected) {
            throw new KerasException("Layer '" + name + "' (" + kind + ") has " + expected + " weight tensors ("
                    + (bias != null ? "kernel, bias" : "kernel") + "). Received: " + weights.size() + ".");
        }
        assignKernel(weights.get(0));
        if (bias != null) {
            Tensor b = weights.get(1);
            checkShape(name, "bias", b, units);
            bias.assign(Nd4j.create(b.data(), bias.value().shape(), DataType.FLOAT));
        }
    }

    @Override
    public final boolean hasRegularizer() {
        return kernelRegularizer != null || biasRegularizer != null;
    }

    @Override
    public final double regularize(boolean addGradient) {
        return kernel.regularize(kernelRegularizer, addGradient)
                + (bias == null ? 0 : bias.regularize(biasRegularizer, addGradient));
    }

    @Override
    public final void tieGradients() {
        kernel.tie();
        if (bias != null) {
            bias.tie();
        }
    }
}
