package io.jkeras.layers;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.LayerSpec;
import io.jkeras.backend.ReshapeSpec;
import io.jkeras.backend.Shapes;

/**
 * Keras's {@code Reshape(target_shape)}: the same values, row-major, under another per-sample
 * shape with as many values. One dimension may be {@code -1}, inferred from the others.
 *
 * <p>Input shape: any. Output shape: {@code (batch, ...targetShape)}.
 */
public final class Reshape extends Layer {
    private final int[] targetShape;

    /** A reshape to this per-sample shape, e.g. {@code new Reshape(4, 6)} or {@code new Reshape(-1, 3)}. */
    public Reshape(int... targetShape) {
        int unknown = 0;
        for (int d : targetShape) {
            if (d == -1) {
                unknown++;
            } else if (d <= 0) {
                throw new KerasException("Reshape target shape dimensions must be positive or -1. Received: target_shape="
                        + Tensor.shapeToString(targetShape));
            }
        }
        if (targetShape.length == 0 || unknown > 1) {
            throw new KerasException("Reshape needs a target shape with at most one -1. Received: target_shape="
                    + Tensor.shapeToString(targetShape));
        }
        this.targetShape = targetShape.clone();
    }

    /** The target shape as given, possibly with one {@code -1}. */
    public int[] targetShape() {
        return targetShape.clone();
    }

    @Override
    public String className() {
        return "Reshape";
    }

    @Override
    protected String namePrefix() {
        return "reshape";
    }

    @Override
    protected int[] computeOutputShape(int[] in) {
        int size = Shapes.size(in, "the input of Reshape '" + getName() + "'");
        int[] out = targetShape.clone();
        long known = 1;
        int unknown = -1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1) {
                unknown = i;
            } else {
                known *= out[i];
            }
        }
        if (unknown >= 0 && known > 0 && size % known == 0) {
            out[unknown] = (int) (size / known);
        }
        if (unknown >= 0 ? out[unknown] == -1 : known != size) {
            throw new KerasException("The total size of the tensor must be unchanged. Received: input_shape="
                    + Tensor.shapeToString(in) + ", target_shape=" + Tensor.shapeToString(targetShape)
                    + " (layer '" + getName() + "').");
        }
        return out;
    }

    @Override
    public LayerSpec toSpec() {
        return new ReshapeSpec(getName(), inputShape(), outputShape());
    }
}
