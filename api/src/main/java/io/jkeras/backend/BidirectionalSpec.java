package io.jkeras.backend;

import java.util.ArrayList;
import java.util.List;

/**
 * Keras's {@code Bidirectional}: a recurrent layer and its copy reading the steps the other way
 * ({@code go_backwards} toggled), over the same input and mask. With {@code y} the forward output
 * and {@code y_rev} the backward one, reversed in time when the layers return sequences (so that
 * step {@code t} of both is input step {@code t}), the output is {@code concat(y, y_rev)} on the
 * last axis, {@code y + y_rev}, {@code y * y_rev} or {@code (y + y_rev) / 2}. The variables are the
 * forward layer's, then the backward layer's, each named under its layer
 * ({@code forward_lstm/kernel}...). With a mask, Keras's layers have {@code zeroOutputForMask} when
 * they return sequences, so a masked step's merged output is the merge of zeros.
 *
 * @param name the layer's name
 * @param forward the forward layer (its name is Keras's {@code forward_<layer>})
 * @param backward the backward layer: the same settings and mask, {@code goBackwards} toggled
 * @param mergeMode how the two outputs are joined
 */
public record BidirectionalSpec(String name, RecurrentSpec forward, RecurrentSpec backward, MergeMode mergeMode)
        implements LayerSpec {

    /** Keras's {@code merge_mode}. */
    public enum MergeMode {
        /** Both outputs side by side on the last axis. */
        CONCAT("concat"),
        /** Their sum. */
        SUM("sum"),
        /** Their product. */
        MUL("mul"),
        /** Their mean. */
        AVE("ave");

        private final String kerasName;

        MergeMode(String kerasName) {
            this.kerasName = kerasName;
        }

        /** Keras's name: {@code "concat"}, {@code "sum"}, {@code "mul"}, {@code "ave"}. */
        public String kerasName() {
            return kerasName;
        }

        /**
         * The mode of this Keras name.
         *
         * @throws IllegalArgumentException for any other name
         */
        public static MergeMode of(String kerasName) {
            for (MergeMode m : values()) {
                if (m.kerasName.equals(kerasName)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("Invalid merge mode. Received: " + kerasName
                    + ". Merge mode should be one of {\"sum\", \"mul\", \"ave\", \"concat\"}");
        }
    }

    /** Checks that the two layers differ only in direction and name. */
    public BidirectionalSpec {
        if (forward.goBackwards() == backward.goBackwards()) {
            throw new IllegalArgumentException("Bidirectional '" + name + "': the forward and backward layers must have"
                    + " different goBackwards values. Received: " + forward.goBackwards() + " for both.");
        }
        if (!java.util.Arrays.equals(forward.inputShape(), backward.inputShape()) || forward.units() != backward.units()
                || forward.returnSequences() != backward.returnSequences() || forward.cell() != backward.cell()) {
            throw new IllegalArgumentException("Bidirectional '" + name + "': the backward layer must be the forward layer's"
                    + " kind, units, input shape and returnSequences.");
        }
        if ((forward.mask() == null) != (backward.mask() == null)
                || (forward.mask() != null && !forward.mask().sameAs(backward.mask()))) {
            throw new IllegalArgumentException("Bidirectional '" + name + "': both layers must receive the same mask.");
        }
    }

    /** The state size of each direction. */
    public int units() {
        return forward.units();
    }

    /** Values per step of the output: twice the units for {@code concat}, else the units. */
    public int mergedUnits() {
        return mergeMode == MergeMode.CONCAT ? 2 * units() : units();
    }

    /** Whether the output is every step's (merged) state. */
    public boolean returnSequences() {
        return forward.returnSequences();
    }

    @Override
    public List<int[]> inputShapes() {
        return forward.inputShapes();
    }

    @Override
    public int[] outputShape() {
        return returnSequences() ? new int[] {forward.timesteps(), mergedUnits()} : new int[] {mergedUnits()};
    }

    @Override
    public List<VariableSpec> variables() {
        List<VariableSpec> out = new ArrayList<>();
        for (RecurrentSpec layer : List.of(forward, backward)) {
            for (VariableSpec v : layer.variables()) {
                out.add(VariableSpec.trainable(layer.name() + "/" + v.name(), v.shape(), v.regularizer()));
            }
        }
        return out;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.bidirectional(this);
    }
}
