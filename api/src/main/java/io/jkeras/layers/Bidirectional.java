package io.jkeras.layers;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.BidirectionalSpec;
import io.jkeras.backend.BidirectionalSpec.MergeMode;
import io.jkeras.backend.LayerSpec;
import io.jkeras.backend.MaskSpec;
import io.jkeras.backend.Shapes;
import io.jkeras.backend.VariableSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Keras's {@code Bidirectional} wrapper of a recurrent layer: a forward copy of the layer
 * ({@code forward_<name>}) and a backward one ({@code backward_<name>}, {@code goBackwards=true}),
 * both recreated from the layer's settings as Keras does, over the same input and mask.
 * The backward output is reversed in time when the layers return sequences, and the two are
 * merged by {@code mergeMode}: {@code "concat"} (default, on the last axis), {@code "sum"},
 * {@code "mul"} or {@code "ave"} ({@link BidirectionalSpec}).
 *
 * <p>Input shape: {@code (batch, timesteps, features)}. Output shape: {@code (batch, m)} or
 * {@code (batch, timesteps, m)}, with {@code m} twice the units for {@code concat}, else the units.
 * Weights: the forward layer's, then the backward layer's, in their layouts.
 *
 * <p>A mask (from {@code Embedding(maskZero=true)} or {@code Masking}) reaches both layers, as in
 * Keras: each keeps its state at a masked step, and with {@code returnSequences} both layers
 * output zeros at masked steps (Keras sets their {@code zero_output_for_mask}), so the merged
 * output of a masked step is the merge of zeros; the mask then goes on to the next layer. The
 * backward layer reads the whole sequence last to first (Keras flips the sequence and the mask
 * together; it does not reverse each sample's unmasked steps only).
 *
 * <p>Not supported yet, refused with a {@link KerasException}: {@code merge_mode=None} (two
 * outputs).
 */
public final class Bidirectional extends Layer {
    private final BaseRNN forward;
    private final BaseRNN backward;
    private MergeMode mergeMode = MergeMode.CONCAT;

    /**
     * Wraps {@code layer}: the forward and backward layers are made from its settings, the backward
     * one with {@code goBackwards=true} (as Keras sets it, so a layer that already reads backwards
     * is refused).
     *
     * @throws KerasException if {@code layer} has {@code goBackwards}
     */
    public Bidirectional(BaseRNN layer) {
        this(layer, backwardOf(layer));
    }

    private static BaseRNN backwardOf(BaseRNN layer) {
        Objects.requireNonNull(layer, "layer");
        layer.assignNameIfAbsent();
        return layer.recreate("backward_" + removePrefix(layer.getName(), "backward_"), true);
    }

    /**
     * Wraps {@code layer} with this backward layer (Keras's {@code backward_layer}), which must be
     * of the same kind, units and {@code returnSequences}, with the other {@code goBackwards}.
     *
     * @throws KerasException otherwise
     */
    public Bidirectional(BaseRNN layer, BaseRNN backwardLayer) {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(backwardLayer, "backwardLayer");
        layer.assignNameIfAbsent();
        backwardLayer.assignNameIfAbsent();
        for (BaseRNN l : List.of(layer, backwardLayer)) {
            if (l.getReturnState()) {
                throw new KerasException("Bidirectional: layer '" + l.getName() + "' has returnState=true, which"
                        + " Bidirectional does not support yet (Keras then returns the merged output and both directions'"
                        + " states). Wrap a layer without returnState.");
            }
        }
        this.forward = layer.recreate("forward_" + removePrefix(layer.getName(), "forward_"), layer.getGoBackwards());
        this.backward = backwardLayer;
        // Keras's force_zero_output_for_mask: masked steps of returned sequences are zeros.
        forward.forceZeroOutputForMask();
        backward.forceZeroOutputForMask();
        if (forward.getGoBackwards() == backward.getGoBackwards()) {
            throw new KerasException("Forward layer and backward layer should have different `go_backwards` value."
                    + " Received: forward_layer.go_backwards " + forward.getGoBackwards() + ", backward_layer.go_backwards="
                    + backward.getGoBackwards());
        }
        if (forward.getClass() != backward.getClass() || forward.units() != backward.units()
                || forward.getReturnSequences() != backward.getReturnSequences()) {
            throw new KerasException("Bidirectional: the backward layer '" + backward.getName() + "' must be a "
                    + forward.className() + " of " + forward.units() + " units with return_sequences="
                    + forward.getReturnSequences() + ", as the forward layer '" + forward.getName() + "'. Received: "
                    + backward.className() + " of " + backward.units() + " units, return_sequences="
                    + backward.getReturnSequences() + ".");
        }
    }

    private static String removePrefix(String s, String prefix) {
        return s.startsWith(prefix) ? s.substring(prefix.length()) : s;
    }

    /**
     * How the two outputs are joined: {@code "concat"} (default), {@code "sum"}, {@code "mul"} or {@code "ave"}.
     *
     * @throws KerasException for any other mode, {@code null} (Keras's two outputs) included
     */
    public Bidirectional mergeMode(String mode) {
        checkNotBuilt("mergeMode");
        if (mode == null) {
            throw new KerasException("Bidirectional: merge_mode=None (two outputs) is not supported yet: jkeras layers have"
                    + " one output. Use \"concat\", \"sum\", \"mul\" or \"ave\".");
        }
        try {
            this.mergeMode = MergeMode.of(mode);
        } catch (IllegalArgumentException e) {
            throw new KerasException(e.getMessage(), e);
        }
        return this;
    }

    @Override
    public Bidirectional name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public Bidirectional inputShape(int... shape) {
        super.inputShape(shape);
        return this;
    }

    /** Keras's {@code merge_mode}. */
    public String getMergeMode() {
        return mergeMode.kerasName();
    }

    /** The forward layer's configuration ({@code forward_<name>}); its weights are this layer's first half. */
    public BaseRNN getForwardLayer() {
        return forward;
    }

    /** The backward layer's configuration; its weights are this layer's second half. */
    public BaseRNN getBackwardLayer() {
        return backward;
    }

    @Override
    public String className() {
        return "Bidirectional";
    }

    @Override
    protected String namePrefix() {
        return "bidirectional";
    }

    @Override
    protected int[] computeOutputShape(int[] in) {
        if (in.length != 2) {
            throw new KerasException("Bidirectional '" + getName() + "' (" + forward.className() + ") expects input of rank 3"
                    + " (batch, timesteps, features). Received: input shape " + Shapes.withBatch(in));
        }
        return spec(in, null).outputShape();
    }

    @Override
    protected List<VariableSpec> variables(List<int[]> inputShapes) {
        return spec(inputShapes.get(0), null).variables();
    }

    @Override
    protected List<Tensor> initialWeights(List<int[]> inputShapes, Random rng) {
        List<Tensor> w = new ArrayList<>(forward.initialWeights(inputShapes, rng));
        w.addAll(backward.initialWeights(inputShapes, rng));
        return w;
    }

    private BidirectionalSpec spec(int[] in, MaskSpec mask) {
        try {
            return new BidirectionalSpec(getName(), forward.spec(in, mask), backward.spec(in, mask), mergeMode);
        } catch (IllegalArgumentException e) {
            throw new KerasException(e.getMessage(), e);
        }
    }

    @Override
    public LayerSpec toSpec() {
        return spec(inputShape(), null);
    }

    @Override
    public LayerSpec toSpec(MaskSpec inputMask) {
        return spec(inputShape(), inputMask);
    }

    /** Keras: both layers honour the mask; it goes on with {@code returnSequences}, else it ends here. */
    @Override
    public MaskSpec outputMask(String input, int[] inputShape, MaskSpec inputMask) {
        return forward.outputMask(input, inputShape, inputMask);
    }
}
