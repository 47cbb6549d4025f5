package io.jkeras.layers;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.LayerSpec;
import io.jkeras.backend.Shapes;
import io.jkeras.backend.TimeDistributedSpec;
import io.jkeras.backend.VariableSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Keras's {@code TimeDistributed(layer)}: applies {@code layer} to every step of its input, the
 * same weights at every step ({@code TimeDistributed(new Dense(8))}, {@code TimeDistributed(new
 * Conv2D(16, 3))} on frames of a video).
 *
 * <p>Input shape: {@code (batch, time, ...)}, at least rank 3, the inner layer taking
 * {@code (batch, ...)}. Output shape: {@code (batch, time, ...inner output)}. Weights: the inner
 * layer's, in its order and shapes (Keras keeps them under {@code layer/vars} in {@code .keras}
 * files). The inner layer takes one input and returns one tensor; masks through TimeDistributed are
 * refused for now.
 */
public final class TimeDistributed extends Layer {
    private final Layer layer;

    /**
     * Wraps {@code layer}, which gets its automatic name now (Keras names it when it is made).
     *
     * @throws KerasException if the layer is already built, returns several tensors or takes several inputs
     */
    public TimeDistributed(Layer layer) {
        if (layer == null) {
            throw new KerasException("Please initialize `TimeDistributed` layer with a `keras.layers.Layer` instance."
                    + " Received: null");
        }
        if (layer instanceof InputLayer || layer.isBuilt() || !layer.inboundNodes().isEmpty()) {
            throw new KerasException("TimeDistributed needs a new layer; layer '" + layer.getName() + "' is already built"
                    + " or called. Create a new layer to wrap.");
        }
        if (layer.outputCount() != 1 || layer.maxInputs() != 1) {
            throw new KerasException("TimeDistributed wraps a layer with one input and one output; layer '"
                    + layer.getName() + "' (" + layer.className() + ") takes " + layer.maxInputs() + " inputs and returns "
                    + layer.outputCount() + " tensors.");
        }
        layer.assignNameIfAbsent();
        this.layer = layer;
    }

    /** The wrapped layer. */
    public Layer getLayer() {
        return layer;
    }

    @Override
    public TimeDistributed name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public TimeDistributed inputShape(int... shape) {
        super.inputShape(shape);
        return this;
    }

    @Override
    public String className() {
        return "TimeDistributed";
    }

    @Override
    protected String namePrefix() {
        return "time_distributed";
    }

    /** Keras's {@code _get_child_input_shape}: the input without its time axis. */
    private int[] childShape(int[] in) {
        if (in.length < 2) {
            throw new KerasException("`TimeDistributed` Layer should be passed an `input_shape` with at least 3"
                    + " dimensions, received: " + Shapes.withBatch(in) + " (layer '" + getName() + "').");
        }
        return Arrays.copyOfRange(in, 1, in.length);
    }

    @Override
    protected int[] computeOutputShape(int[] in) {
        int[] child;
        try {
            child = layer.computeOutputShape(List.of(childShape(in)));
        } catch (KerasException e) {
            throw new KerasException("TimeDistributed '" + getName() + "' on input " + Shapes.withBatch(in)
                    + ": its layer '" + layer.getName() + "' cannot take each step " + Shapes.withBatch(childShape(in))
                    + ": " + e.getMessage(), e);
        }
        int[] out = new int[child.length + 1];
        out[0] = in[0];
        System.arraycopy(child, 0, out, 1, child.length);
        return out;
    }

    @Override
    protected List<VariableSpec> variables(List<int[]> inputShapes) {
        return layer.variables(List.of(childShape(inputShapes.get(0))));
    }

    /**
     * Builds the inner layer for one step, drawing its initial weights; from then on the inner
     * layer reads and writes the wrapper's weights, so both always show the same values.
     */
    @Override
    protected List<Tensor> initialWeights(List<int[]> inputShapes, Random rng) {
        layer.build(List.of(childShape(inputShapes.get(0))), rng);
        List<Tensor> weights = layer.getWeights();
        layer.attach(new WeightStore() {
            @Override
            public List<Tensor> get() {
                return TimeDistributed.this.getWeights();
            }

            @Override
            public void set(List<Tensor> w) {
                TimeDistributed.this.setWeights(w);
            }
        });
        return weights;
    }

    @Override
    public void checkInputValues(Tensor x, String input, String call) {
        layer.checkInputValues(x, input, call);
    }

    @Override
    public LayerSpec toSpec() {
        return new TimeDistributedSpec(getName(), inputShape()[0], layer.toSpec());
    }

    @Override
    public String toString() {
        return "<TimeDistributed name=" + getName() + ", layer=" + Objects.toString(layer) + ", built=" + isBuilt() + ">";
    }
}
