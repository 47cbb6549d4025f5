package io.jkeras.spark;

import io.jkeras.Tensor;
import io.jkeras.backend.Gradients;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What partitions send back in averaging mode, added up over partitions: their weights after
 * their local steps and their optimizer state (summed, to be divided by {@code partitions}), and
 * their training loss summed over the samples they stepped on.
 */
final class Averaged implements Serializable {
    private static final long serialVersionUID = 1L;

    final int partitions;
    final int samples;
    final double lossSum;
    final List<Tensor> weights;
    /** Per layer with trainable variables, the optimizer state by slot name. */
    final Map<String, Map<String, List<Tensor>>> slots;

    Averaged(int partitions, int samples, double lossSum, List<Tensor> weights,
            Map<String, Map<String, List<Tensor>>> slots) {
        this.partitions = partitions;
        this.samples = samples;
        this.lossSum = lossSum;
        this.weights = weights;
        this.slots = slots;
    }

    Averaged plus(Averaged o) {
        Map<String, Map<String, List<Tensor>>> s = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, List<Tensor>>> layer : slots.entrySet()) {
            Map<String, List<Tensor>> bySlot = new LinkedHashMap<>();
            for (Map.Entry<String, List<Tensor>> slot : layer.getValue().entrySet()) {
                bySlot.put(slot.getKey(), Gradients.add(slot.getValue(), o.slots.get(layer.getKey()).get(slot.getKey()),
                        "optimizer state '" + slot.getKey() + "' of layer '" + layer.getKey() + "'"));
            }
            s.put(layer.getKey(), bySlot);
        }
        return new Averaged(partitions + o.partitions, samples + o.samples, lossSum + o.lossSum,
                Gradients.add(weights, o.weights, "weights"), s);
    }

    /** The tensors divided by the partition count: the average. */
    static List<Tensor> mean(List<Tensor> sums, int count) {
        return sums.stream().map(t -> {
            float[] d = t.data().clone();
            for (int i = 0; i < d.length; i++) {
                d[i] /= count;
            }
            return Tensor.of(d, t.shape());
        }).toList();
    }
}
