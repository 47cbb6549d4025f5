package io.jkeras.backend.dl4j.layers;

import io.jkeras.Tensor;
import io.jkeras.backend.EmbeddingSpec;
import io.jkeras.backend.dl4j.ops.Nd4jTensors;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras's {@code Embedding} on DL4J's {@link EmbeddingLayer} without a bias, over one index per
 * row (the graph builder makes rows of the indices). DL4J's {@code W} is {@code (inputDim,
 * outputDim)}, as Keras's {@code embeddings}; values are copied in and out through the view.
 */
public final class Dl4jEmbedding extends Dl4jKernelLayer {
    private final EmbeddingSpec spec;

    Dl4jEmbedding(EmbeddingSpec spec, List<org.deeplearning4j.nn.api.Layer> copies) {
        super(spec.name(), "Embedding", spec.outputDim(), false, spec.regularizer(), null, copies,
                DefaultParamInitializer.WEIGHT_KEY, DefaultParamInitializer.BIAS_KEY);
        this.spec = spec;
    }

    /** The DL4J layer of one node: indices {@code (rows, 1)} to embeddings {@code (rows, outputDim)}. */
    public static org.deeplearning4j.nn.conf.layers.Layer configure(EmbeddingSpec spec) {
        return new EmbeddingLayer.Builder().nIn(spec.inputDim()).nOut(spec.outputDim()).hasBias(false)
                .activation(new ActivationIdentity()).name(spec.name()).build();
    }

    @Override
    Tensor kernelTensor() {
        return Nd4jTensors.toTensor(kernel.value(), spec.inputDim(), spec.outputDim());
    }

    @Override
    void assignKernel(Tensor k) {
        checkShape(spec.name(), "embeddings", k, spec.inputDim(), spec.outputDim());
        kernel.assign(Nd4j.create(k.data(), new long[] {spec.inputDim(), spec.outputDim()}, DataType.FLOAT));
    }
}
