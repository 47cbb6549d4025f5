package io.jkeras.layers;

import io.jkeras.backend.LayerSpec;
import java.util.List;

/**
 * Keras's {@code InputLayer}: the layer behind an {@link Input}. It has no weights and reaches no
 * backend (inputs are part of the model's graph); Functional models list it among their layers,
 * as Keras does, and Sequential models do not.
 */
public final class InputLayer extends Layer {
    private final boolean integer;

    InputLayer(String name, int[] shape, boolean integer) {
        this.integer = integer;
        name(name);
        buildAsInput(shape);
    }

    /** Whether the input holds integer indices. */
    public boolean isInteger() {
        return integer;
    }

    @Override
    public String className() {
        return "InputLayer";
    }

    @Override
    protected String namePrefix() {
        return "input_layer";
    }

    @Override
    protected int[] computeOutputShape(List<int[]> inputShapes) {
        return inputShape();
    }

    @Override
    public LayerSpec toSpec() {
        throw new IllegalStateException("An InputLayer is part of the graph, not a backend layer.");
    }
}
