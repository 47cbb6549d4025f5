package io.jkeras.backend.updates;

import io.jkeras.backend.Shapes;
import io.jkeras.optimizers.Adagrad;
import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.optimizers.RMSprop;
import io.jkeras.optimizers.SGD;
import java.util.ArrayList;
import java.util.List;

/**
 * One optimizer's Keras 3 update rule over a set of trainable variables held as {@code float[]},
 * with its state (momenta, accumulators) in arrays allocated once, one per variable and per state
 * kind. Every backend that runs updates in Java uses these, so the rules exist once.
 *
 * <p>A step reads the learning rate from the Keras optimizer (so changes made after compile take
 * effect), applies Keras's decoupled weight decay {@code w = w - w * weightDecay * lr} when the
 * optimizer has one, then the rule. Every rule is elementwise, so a backend may also pass one
 * flat vector holding all its variables as a single variable.
 */
public abstract class UpdateRule {
    private final Optimizer spec;
    private final int[] sizes;
    private final List<String> slotNames = new ArrayList<>();
    private final List<float[][]> slots = new ArrayList<>();

    /** A rule following {@code spec}'s learning rate, over variables of these sizes. */
    protected UpdateRule(Optimizer spec, int[] sizes) {
        this.spec = spec;
        this.sizes = sizes.clone();
    }

    /**
     * The rule for this optimizer.
     *
     * @param spec the Keras optimizer; its learning rate is read at every step
     * @param sizes the number of values of each variable, in the order {@link #apply} receives them
     */
    public static UpdateRule of(Optimizer spec, int[] sizes) {
        if (spec instanceof SGD s) {
            return new SgdRule(s, sizes);
        } else if (spec instanceof Adam a) {
            return new AdamRule(a, sizes);
        } else if (spec instanceof RMSprop r) {
            return new RmspropRule(r, sizes);
        } else if (spec instanceof Adagrad a) {
            return new AdagradRule(a, sizes);
        }
        throw new IllegalArgumentException("No update rule for optimizer " + spec.name());
    }

    /**
     * Applies one update to every variable.
     *
     * @param values each variable's values, updated in place
     * @param grads each variable's summed gradient; the gradient is {@code grads[i][j] / divisor}
     * @param divisor what the gradients are divided by first (a backend that sums the loss over
     *     the batch passes the batch size; otherwise 1). Dividing inside the rule gives the same
     *     values as dividing the vector beforehand
     * @param step Keras's step counter for this update, 1 for the first
     */
    public final void apply(float[][] values, float[][] grads, float divisor, long step) {
        apply(values, grads, divisor, step, null);
    }

    /**
     * Splits a variable's elementwise update into ranges of its indices, which it may run on
     * several threads at once; it returns when every range is done.
     */
    @FunctionalInterface
    public interface Ranges {
        /**
         * Runs {@code task} over ranges that cover {@code [0, size)} exactly once.
         *
         * @param size the variable's number of values
         * @param task updates the values {@code [from, to)}
         */
        void run(int size, Range task);
    }

    /** The update of one range of a variable's values. */
    @FunctionalInterface
    public interface Range {
        /** Updates the values {@code [from, to)}. */
        void run(int from, int to);
    }

    /**
     * {@link #apply(float[][], float[][], float, long)} with each variable's values split into
     * ranges by {@code ranges} (for a backend's threads), or in one range when it is null. Every
     * value is computed by the same float32 operations whatever the split, so the result does not
     * depend on it.
     */
    public final void apply(float[][] values, float[][] grads, float divisor, long step, Ranges ranges) {
        float lr = spec.getLearningRate();
        float wd = spec.weightDecay();
        beginStep(lr, step);
        for (int i = 0; i < values.length; i++) {
            int variable = i;
            float[] w = values[i];
            float[] g = grads[i];
            Range task = (from, to) -> {
                if (wd != 0f) {
                    // Keras's order of operations: w - (w * wd) * lr.
                    for (int j = from; j < to; j++) {
                        w[j] -= w[j] * wd * lr;
                    }
                }
                update(variable, w, g, divisor, lr, from, to);
            };
            if (ranges == null) {
                task.run(0, w.length);
            } else {
                ranges.run(w.length, task);
            }
        }
    }

    /** The Keras names of the state kept per variable, e.g. {@code ["momentum", "velocity"]} for Adam. */
    public final List<String> slotNames() {
        return List.copyOf(slotNames);
    }

    /** The live state array of kind {@code slot} for variable {@code variable}, for saving and restoring. */
    public final float[] slot(String slot, int variable) {
        int k = slotNames.indexOf(slot);
        if (k < 0) {
            throw new IllegalArgumentException(spec.name() + " keeps no state '" + slot + "'; it keeps " + slotNames);
        }
        return slots.get(k)[variable];
    }

    /** Computes what is shared by every variable in this step (e.g. Adam's bias correction). */
    protected void beginStep(float learningRate, long step) {
    }

    /**
     * Updates the values {@code [from, to)} of one variable (other threads may update its other
     * values at the same time).
     *
     * @param variable the variable's index, which selects its state
     * @param w the values, updated in place
     * @param g the summed gradient
     * @param divisor the gradient's divisor
     * @param lr the current learning rate
     * @param from the first index to update
     * @param to past the last index to update
     */
    protected abstract void update(int variable, float[] w, float[] g, float divisor, float lr, int from, int to);

    /** Declares a kind of state under its Keras name: one array per variable, filled with {@code initial}. */
    protected final float[][] newSlot(String name, float initial) {
        long values = 0;
        for (int n : sizes) {
            values += n;
        }
        Shapes.requireHeap(4 * values, spec.name() + "'s state '" + name + "' (" + values + " float32 values)");
        float[][] s = new float[sizes.length][];
        for (int i = 0; i < sizes.length; i++) {
            s[i] = new float[sizes[i]];
            if (initial != 0f) {
                java.util.Arrays.fill(s[i], initial);
            }
        }
        slotNames.add(name);
        slots.add(s);
        return s;
    }

    /** {@code sqrt(x)} rounded to float32. */
    protected static float sqrt(float x) {
        return (float) Math.sqrt(x);
    }
}
