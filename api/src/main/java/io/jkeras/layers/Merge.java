package io.jkeras.layers;

import io.jkeras.KerasException;
import io.jkeras.backend.LayerSpec;
import io.jkeras.backend.MergeSpec;
import io.jkeras.backend.Shapes;
import java.util.Arrays;
import java.util.List;

/**
 * The base of Keras's elementwise merge layers ({@link Add}, {@link Subtract}, {@link Multiply},
 * {@link Average}, {@link Maximum}, {@link Minimum}): called on a list of two or more tensors of
 * the same per-sample shape, it gives one tensor of that shape.
 *
 * <p>Keras also broadcasts axes of size 1 between inputs; jkeras requires equal shapes and says so.
 */
public abstract class Merge extends Layer {
    private final MergeSpec.Op op;

    Merge(MergeSpec.Op op) {
        this.op = op;
    }

    @Override
    public final String className() {
        return op.className();
    }

    @Override
    protected final int minInputs() {
        return 2;
    }

    @Override
    protected int maxInputs() {
        return Integer.MAX_VALUE;
    }

    @Override
    protected final int[] computeOutputShape(List<int[]> inputShapes) {
        int[] first = inputShapes.get(0);
        for (int[] s : inputShapes) {
            if (!Arrays.equals(s, first)) {
                throw new KerasException("Inputs have incompatible shapes. Received shapes "
                        + io.jkeras.Tensor.shapeToString(first) + " and " + io.jkeras.Tensor.shapeToString(s) + " at layer "
                        + className() + " '" + getName() + "' (every input: " + shapeList(inputShapes) + ")."
                        + (broadcastable(first, s) ? " jkeras's merge layers need equal shapes; Keras would broadcast"
                                + " the axes of size 1." : ""));
            }
        }
        Shapes.size(first, "the inputs of " + className() + " '" + getName() + "'");
        return first.clone();
    }

    private static boolean broadcastable(int[] a, int[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i] && a[i] != 1 && b[i] != 1) {
                return false;
            }
        }
        return true;
    }

    @Override
    public final LayerSpec toSpec() {
        return new MergeSpec(getName(), op, outputShape(), inputShapes().size());
    }
}
