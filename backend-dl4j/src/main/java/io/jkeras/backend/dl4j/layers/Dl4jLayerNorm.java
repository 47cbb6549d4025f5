package io.jkeras.backend.dl4j.layers;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.LayerNormSpec;
import io.jkeras.backend.dl4j.ops.Nd4jTensors;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras's {@code LayerNormalization} on DL4J: a {@link Dl4jLayerNormConf} per node, with
 * {@code gamma} and {@code beta} of shape {@code (n,)}, as in Keras.
 */
public final class Dl4jLayerNorm extends Dl4jLayer {
    private final LayerNormSpec spec;
    private final Dl4jParams gamma;
    private final Dl4jParams beta;

    Dl4jLayerNorm(LayerNormSpec spec, List<Layer> copies) {
        this.spec = spec;
        this.gamma = spec.scale() ? new Dl4jParams(copies, Dl4jLayerNormConf.GAMMA) : null;
        this.beta = spec.center() ? new Dl4jParams(copies, Dl4jLayerNormConf.BETA) : null;
    }

    /** The DL4J layer of one node, on rows of the whole sample. */
    public static org.deeplearning4j.nn.conf.layers.Layer configure(LayerNormSpec spec) {
        return new Dl4jLayerNormConf(spec.name(), spec.outer(), spec.axisSize(), spec.inner(), spec.epsilon(),
                spec.center(), spec.scale());
    }

    private List<Dl4jParams> params() {
        List<Dl4jParams> p = new ArrayList<>();
        if (gamma != null) {
            p.add(gamma);
        }
        if (beta != null) {
            p.add(beta);
        }
        return p;
    }

    @Override
    public List<Tensor> getWeights() {
        List<Tensor> out = new ArrayList<>();
        for (Dl4jParams p : params()) {
            out.add(Tensor.of(Nd4jTensors.toFloats(p.value()), spec.axisSize()));
        }
        return out;
    }

    @Override
    public void setWeights(List<Tensor> weights) {
        List<Dl4jParams> params = params();
        if (weights.size() != params.size()) {
            throw new KerasException("Layer '" + spec.name() + "' (LayerNormalization) has " + params.size()
                    + " weight tensors. Received: " + weights.size() + ".");
        }
        String[] names = spec.scale() ? new String[] {"gamma", "beta"} : new String[] {"beta"};
        for (int i = 0; i < params.size(); i++) {
            Tensor t = weights.get(i);
            checkShape(spec.name(), names[i], t, spec.axisSize());
            params.get(i).assign(Nd4j.create(t.data(), params.get(i).value().shape(), DataType.FLOAT));
        }
    }

    @Override
    public double regularize(boolean addGradient) {
        return 0;
    }

    @Override
    public boolean hasRegularizer() {
        return false;
    }

    @Override
    public void tieGradients() {
        for (Dl4jParams p : params()) {
            p.tie();
        }
    }
}
