package io.jkeras.layers;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.LayerSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A Keras layer: its configuration, its shapes once built, and access to its weights.
 * Configuration methods may be called until the layer is built (added to a model whose input
 * shape is known).
 */
public abstract class Layer {
    private String name;
    private int[] inputShape;
    private int[] outputShape;
    private WeightStore store;
    private int[] declaredInputShape;

    /** A layer with an automatic name. */
    protected Layer() {
    }

    /** The layer's class name, as Keras shows it in {@code summary()}: {@code "Dense"}. */
    public abstract String className();

    /** The prefix of automatic names: {@code "dense"}. */
    protected abstract String namePrefix();

    /**
     * The output shape of one sample for this input shape of one sample.
     *
     * @throws KerasException if the layer cannot take this input
     */
    protected abstract int[] computeOutputShape(int[] inputShape);

    /** The shapes of the weights for this input shape, in Keras order. */
    public abstract List<int[]> weightShapes(int[] inputShape);

    /** Draws the initial weights. */
    protected abstract List<Tensor> initialWeights(int[] inputShape, Random rng);

    /** The backend's description of this layer, or {@code null} if it moves no data (Flatten). */
    public abstract LayerSpec toSpec();

    /** The layer's name; set when it is added to a model if not given. */
    public String getName() {
        return name;
    }

    /** Names the layer; Keras's {@code name=} argument. */
    public Layer name(String newName) {
        checkNotBuilt("name");
        this.name = newName;
        return this;
    }

    /**
     * Declares the input shape of one sample, Keras's {@code input_shape=} argument; meaningful on
     * the first layer of a {@code Sequential}.
     */
    public Layer inputShape(int... shape) {
        checkNotBuilt("the input shape");
        for (int d : shape) {
            if (d <= 0) {
                throw new KerasException("Input shape dimensions must be positive. Received: "
                        + Tensor.shapeToString(shape) + " for layer '" + name + "'.");
            }
        }
        this.declaredInputShape = shape.clone();
        return this;
    }

    /** The declared input shape of one sample, or {@code null}. */
    public int[] declaredInputShape() {
        return declaredInputShape == null ? null : declaredInputShape.clone();
    }

    /** Whether shapes and initial weights are known. */
    public boolean isBuilt() {
        return outputShape != null;
    }

    /** The input shape of one sample, or {@code null} before build. */
    public int[] inputShape() {
        return inputShape == null ? null : inputShape.clone();
    }

    /** The output shape of one sample, or {@code null} before build. */
    public int[] outputShape() {
        return outputShape == null ? null : outputShape.clone();
    }

    /** The number of weights. */
    public long countParams() {
        if (!isBuilt()) {
            return 0;
        }
        long n = 0;
        for (int[] s : weightShapes(inputShape)) {
            long k = 1;
            for (int d : s) {
                k *= d;
            }
            n += k;
        }
        return n;
    }

    /** The weights, in Keras order and shapes (Dense: kernel {@code (in, units)}, bias {@code (units,)}); copies. */
    public List<Tensor> getWeights() {
        if (store == null) {
            return List.of();
        }
        return store.get();
    }

    /**
     * Replaces the weights.
     *
     * @throws KerasException naming the layer and the shapes, if the list does not match
     */
    public void setWeights(List<Tensor> weights) {
        if (!isBuilt()) {
            throw new KerasException("Layer '" + name + "' is not built yet: give the model an input shape"
                    + " (Input(...) or inputShape(...)) or call it on data first.");
        }
        List<int[]> shapes = weightShapes(inputShape);
        if (weights.size() != shapes.size()) {
            throw new KerasException("Layer '" + name + "' expects " + shapes.size() + " weights"
                    + describe(shapes) + ". Received: " + weights.size() + ".");
        }
        for (int i = 0; i < shapes.size(); i++) {
            if (!Arrays.equals(shapes.get(i), weights.get(i).shape())) {
                throw new KerasException("Layer '" + name + "' weight " + i + " has shape "
                        + Tensor.shapeToString(shapes.get(i)) + ". Received: shape "
                        + Tensor.shapeToString(weights.get(i).shape()) + ".");
            }
        }
        List<Tensor> copies = new ArrayList<>(weights.size());
        for (Tensor t : weights) {
            copies.add(t.copy());
        }
        store.set(copies);
    }

    /**
     * Builds the layer for this input shape and draws its weights; called by the model.
     *
     * @return the output shape of one sample
     */
    public final int[] build(int[] sampleInputShape, Random rng) {
        int[] out = computeOutputShape(sampleInputShape);
        this.inputShape = sampleInputShape.clone();
        this.outputShape = out.clone();
        holdWeights(initialWeights(sampleInputShape, rng));
        return out;
    }

    /** Keeps these weights in the layer itself, e.g. when the backend program is closed; called by the model. */
    public final void holdWeights(List<Tensor> weights) {
        this.store = new LocalStore(weights);
    }

    /** Moves the weights to another store (the compiled backend); called by the model. */
    public final void attach(WeightStore newStore) {
        this.store = newStore;
    }

    /** Assigns an automatic name if none was given; called by the model. */
    public final void assignNameIfAbsent() {
        if (name == null) {
            name = io.jkeras.Keras.uniqueName(namePrefix());
        }
    }

    /** Throws if the layer is built; configuration methods call it first. */
    protected final void checkNotBuilt(String what) {
        if (isBuilt()) {
            throw new KerasException("Cannot change " + what + " of layer '" + name + "' after it is built.");
        }
    }

    private static String describe(List<int[]> shapes) {
        StringBuilder sb = new StringBuilder(" (");
        for (int i = 0; i < shapes.size(); i++) {
            sb.append(i > 0 ? ", " : "").append(Tensor.shapeToString(shapes.get(i)));
        }
        return sb.append(')').toString();
    }

    @Override
    public String toString() {
        return "<" + className() + " name=" + name + ", built=" + isBuilt() + ">";
    }

    private static final class LocalStore implements WeightStore {
        private List<Tensor> weights;

        LocalStore(List<Tensor> weights) {
            this.weights = weights;
        }

        @Override
        public List<Tensor> get() {
            List<Tensor> out = new ArrayList<>(weights.size());
            for (Tensor t : weights) {
                out.add(t.copy());
            }
            return out;
        }

        @Override
        public void set(List<Tensor> newWeights) {
            this.weights = newWeights;
        }
    }
}
