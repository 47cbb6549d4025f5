package io.jkeras.backend;

import java.util.List;

/**
 * Keras's {@code TimeDistributed(layer)}: the inner layer applied to every step of a per-sample
 * input {@code (steps, ...inner input)}, its weights shared over the steps. Tensors are row-major,
 * so a batch of {@code b} samples is the inner layer's batch of {@code b * steps} rows, in the same
 * memory; the gradient of each weight is the sum over the steps. The variables are the inner
 * layer's, which crosses the boundary under the wrapper's name.
 *
 * @param name the wrapper's name
 * @param steps the length of the time axis
 * @param inner the inner layer's description for one step (one input)
 */
public record TimeDistributedSpec(String name, int steps, LayerSpec inner) implements LayerSpec {

    /** Checks the sizes and that the inner layer takes one input. */
    public TimeDistributedSpec {
        if (steps <= 0) {
            throw new IllegalArgumentException("TimeDistributed '" + name + "': bad steps " + steps);
        }
        if (inner.inputShapes().size() != 1) {
            throw new IllegalArgumentException("TimeDistributed '" + name + "': the inner layer '" + inner.name()
                    + "' must take one input; it takes " + inner.inputShapes().size() + ".");
        }
    }

    /** {@code (steps, ...shape)}. */
    private int[] withSteps(int[] shape) {
        int[] out = new int[shape.length + 1];
        out[0] = steps;
        System.arraycopy(shape, 0, out, 1, shape.length);
        return out;
    }

    @Override
    public List<int[]> inputShapes() {
        return List.of(withSteps(inner.inputShape()));
    }

    @Override
    public int[] outputShape() {
        return withSteps(inner.outputShape());
    }

    @Override
    public List<VariableSpec> variables() {
        return inner.variables();
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.timeDistributed(this);
    }
}
