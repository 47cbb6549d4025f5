package io.jkeras.layers;

import io.jkeras.Tensor;
import java.util.List;

/** Where a built layer's weights live: the layer itself before compile, the backend after. */
public interface WeightStore {
    /** The weights, copies, in Keras order. */
    List<Tensor> get();

    /** Replaces the weights; shapes were checked. */
    void set(List<Tensor> weights);
}
