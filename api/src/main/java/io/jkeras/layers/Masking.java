package io.jkeras.layers;

import io.jkeras.KerasException;
import io.jkeras.backend.LayerSpec;
import io.jkeras.backend.MaskSpec;
import io.jkeras.backend.MaskingSpec;
import io.jkeras.backend.Shapes;

/**
 * Keras's {@code Masking}: masks the steps of a sequence whose every feature equals
 * {@code maskValue} (padding), so that the recurrent layers after it keep their state over them;
 * those steps come out as zeros, the others unchanged. No weights.
 *
 * <p>Input shape: {@code (batch, timesteps, features)}. Output shape: the same.
 */
public final class Masking extends Layer {
    private final float maskValue;

    /** Masks the steps whose every feature is 0 (Keras's default {@code mask_value=0.0}). */
    public Masking() {
        this(0f);
    }

    /**
     * Masks the steps whose every feature is {@code maskValue}.
     *
     * @throws KerasException if it is NaN, which no value equals
     */
    public Masking(float maskValue) {
        if (Float.isNaN(maskValue)) {
            throw new KerasException("Masking's mask_value cannot be NaN: no value equals NaN.");
        }
        this.maskValue = maskValue;
    }

    /** The value that marks a step as padding. */
    public float getMaskValue() {
        return maskValue;
    }

    @Override
    public Masking name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public Masking inputShape(int... shape) {
        super.inputShape(shape);
        return this;
    }

    @Override
    public String className() {
        return "Masking";
    }

    @Override
    protected String namePrefix() {
        return "masking";
    }

    @Override
    protected int[] computeOutputShape(int[] in) {
        if (in.length != 2) {
            throw new KerasException("Masking '" + getName() + "' expects input of rank 3 (batch, timesteps,"
                    + " features). Received: input shape " + Shapes.withBatch(in));
        }
        return in.clone();
    }

    @Override
    public MaskSpec outputMask(String input, int[] inputShape, MaskSpec inputMask) {
        // Keras's Masking makes a new mask whatever arrives.
        return new MaskSpec(input, inputShape, false, maskValue);
    }

    @Override
    public LayerSpec toSpec() {
        return new MaskingSpec(getName(), inputShape(), maskValue);
    }
}
