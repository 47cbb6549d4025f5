package io.jkeras.spark;

import io.jkeras.Tensor;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What the driver broadcasts for a round of averaging mode: the weights, the optimizer state per
 * layer with trainable variables, and the step count.
 */
record Round(List<Tensor> weights, Map<String, Map<String, List<Tensor>>> slots, long step) implements Serializable {
}
