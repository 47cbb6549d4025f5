package io.jkeras.backend.dl4j.layers;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.BatchNormalizationSpec;
import io.jkeras.backend.dl4j.ops.Nd4jTensors;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras's {@code BatchNormalization} on DL4J: {@link Dl4jBatchNormalizationLayer} on rows of
 * channels. Its weights in Keras's order are {@code gamma} (if {@code scale}), {@code beta} (if
 * {@code center}), {@code moving_mean}, {@code moving_variance}; DL4J always holds a gamma and a
 * beta, so without {@code scale} its gamma stays 1 and without {@code center} its beta stays 0,
 * and those are left out of the update with the moving statistics ({@link #frozenParams}).
 */
public final class Dl4jBatchNormalization extends Dl4jLayer {
    private final BatchNormalizationSpec spec;
    private final Dl4jParams gamma;
    private final Dl4jParams beta;
    private final Dl4jParams movingMean;
    private final Dl4jParams movingVariance;

    /** Over the one initialised DL4J layer that runs it. */
    Dl4jBatchNormalization(BatchNormalizationSpec spec, List<Layer> copies) {
        if (copies.size() != 1) {
            throw new KerasException("BatchNormalization '" + spec.name() + "' is called at " + copies.size()
                    + " nodes; the dl4j backend runs a BatchNormalization at one node only (its moving statistics"
                    + " belong to one call). Use the native backend, or one BatchNormalization per call.");
        }
        this.spec = spec;
        this.gamma = new Dl4jParams(copies, BatchNormalizationParamInitializer.GAMMA);
        this.beta = new Dl4jParams(copies, BatchNormalizationParamInitializer.BETA);
        this.movingMean = new Dl4jParams(copies, BatchNormalizationParamInitializer.GLOBAL_MEAN);
        this.movingVariance = new Dl4jParams(copies, BatchNormalizationParamInitializer.GLOBAL_VAR);
        gamma.assign(Nd4j.scalar(DataType.FLOAT, 1f));
        beta.assign(Nd4j.scalar(DataType.FLOAT, 0f));
    }

    /** The DL4J layer of this BatchNormalization, on rows of its channels. */
    public static org.deeplearning4j.nn.conf.layers.Layer configure(BatchNormalizationSpec spec) {
        return new Dl4jBatchNormalizationLayer(spec.name(), spec.channels(), spec.momentum(), spec.epsilon());
    }

    private List<Dl4jParams> trainable() {
        List<Dl4jParams> p = new ArrayList<>();
        if (spec.scale()) {
            p.add(gamma);
        }
        if (spec.center()) {
            p.add(beta);
        }
        return p;
    }

    private List<Dl4jParams> all() {
        List<Dl4jParams> p = trainable();
        p.add(movingMean);
        p.add(movingVariance);
        return p;
    }

    @Override
    public List<Tensor> getWeights() {
        return read(all());
    }

    @Override
    public void setWeights(List<Tensor> weights) {
        write(all(), weights, "gamma, beta, moving_mean, moving_variance");
    }

    @Override
    public List<Tensor> getTrainableWeights() {
        return read(trainable());
    }

    @Override
    public void setTrainableWeights(List<Tensor> weights) {
        write(trainable(), weights, "gamma, beta");
    }

    @Override
    public List<INDArray> frozenParams() {
        List<INDArray> frozen = new ArrayList<>();
        if (!spec.scale()) {
            frozen.add(gamma.value());
        }
        if (!spec.center()) {
            frozen.add(beta.value());
        }
        frozen.add(movingMean.value());
        frozen.add(movingVariance.value());
        return frozen;
    }

    private List<Tensor> read(List<Dl4jParams> params) {
        List<Tensor> out = new ArrayList<>();
        for (Dl4jParams p : params) {
            out.add(Tensor.of(Nd4jTensors.toFloats(p.value()), spec.channels()));
        }
        return out;
    }

    private void write(List<Dl4jParams> params, List<Tensor> weights, String names) {
        if (weights.size() != params.size()) {
            throw new KerasException("Layer '" + spec.name() + "' (BatchNormalization) has " + params.size()
                    + " weight tensors (of " + names + "). Received: " + weights.size() + ".");
        }
        for (int i = 0; i < params.size(); i++) {
            checkShape(spec.name(), "weight " + i, weights.get(i), spec.channels());
        }
        for (int i = 0; i < params.size(); i++) {
            Dl4jParams p = params.get(i);
            p.assign(Nd4j.create(weights.get(i).data(), p.value().shape(), DataType.FLOAT));
        }
    }

    @Override
    public double regularize(boolean addGradient) {
        return (spec.scale() ? gamma.regularize(spec.gammaRegularizer(), addGradient) : 0)
                + (spec.center() ? beta.regularize(spec.betaRegularizer(), addGradient) : 0);
    }

    @Override
    public boolean hasRegularizer() {
        return (spec.scale() && spec.gammaRegularizer() != null) || (spec.center() && spec.betaRegularizer() != null);
    }

    @Override
    public void tieGradients() {
        // One node only (see the constructor): nothing to tie.
    }
}
