package io.jkeras.backend.dl4j.layers;

import io.jkeras.regularizers.Regularizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One DL4J parameter (e.g. {@code W}) of a Keras layer, over every DL4J copy of the layer (one per
 * node): the value and gradient views of each copy, set together, with the summed gradient of
 * shared layers and the weight penalty written once here for Dense and the convolutions.
 */
final class Dl4jParams {
    private final List<INDArray> values = new ArrayList<>();
    private final List<INDArray> grads = new ArrayList<>();

    /** The views of parameter {@code key} in each copy. */
    Dl4jParams(List<Layer> copies, String key) {
        for (Layer layer : copies) {
            values.add(layer.getParam(key));
            Map<String, INDArray> g = layer.conf().getLayer().initializer()
                    .getGradientsFromFlattened(layer.conf(), layer.getGradientsViewArray());
            grads.add(g.get(key));
        }
    }

    /** The first copy's values (all copies are equal). */
    INDArray value() {
        return values.get(0);
    }

    /** Writes {@code v} (broadcastable to the view's shape) into every copy. */
    void assign(INDArray v) {
        for (INDArray view : values) {
            view.assign(v);
        }
    }

    /** Every copy's gradient set to the sum over the copies. */
    void tie() {
        if (grads.size() < 2) {
            return;
        }
        INDArray sum = grads.get(0);
        for (int i = 1; i < grads.size(); i++) {
            sum.addi(grads.get(i));
        }
        for (int i = 1; i < grads.size(); i++) {
            grads.get(i).assign(sum);
        }
    }

    /** {@code l1 sum|w| + l2 sum(w^2)}; with {@code addGradient} its gradient {@code l1 sign(w) + 2 l2 w} goes into every copy's gradient. */
    double regularize(Regularizer r, boolean addGradient) {
        if (r == null) {
            return 0;
        }
        INDArray w = value();
        double penalty = 0;
        if (r.l1() != 0) {
            penalty += r.l1() * w.norm1Number().doubleValue();
            if (addGradient) {
                INDArray d = Transforms.sign(w, true).muli(r.l1());
                for (INDArray g : grads) {
                    g.addi(d);
                }
            }
        }
        if (r.l2() != 0) {
            double norm = w.norm2Number().doubleValue();
            penalty += r.l2() * norm * norm;
            if (addGradient) {
                INDArray d = w.mul(2f * r.l2());
                for (INDArray g : grads) {
                    g.addi(d);
                }
            }
        }
        return penalty;
    }
}
