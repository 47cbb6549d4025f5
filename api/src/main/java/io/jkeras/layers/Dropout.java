package io.jkeras.layers;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.DropoutSpec;
import io.jkeras.backend.LayerSpec;
import java.util.List;
import java.util.Random;

/**
 * Keras's {@code Dropout} layer: while training ({@code fit}, {@code trainOnBatch}), sets each
 * input value to 0 with probability {@code rate} and scales the others by
 * {@code 1 / (1 - rate)}, so that the expected sum is unchanged; in {@code evaluate},
 * {@code predict} and the other inference calls it passes its input through.
 *
 * <p>The mask is drawn from the layer's seed and the training step ({@link
 * io.jkeras.backend.DropoutMask}), so every backend drops the same values. Without a seed, the
 * layer draws one from {@link io.jkeras.Keras#setRandomSeed the global seed} when it is built.
 * Masks are jkeras's own: they are not the ones Keras would draw with the same seed.
 *
 * <p>Input shape: any. Output shape: the same. No weights.
 */
public class Dropout extends SameShapeLayer {
    private final float rate;
    private final Long givenSeed;
    private long seed;

    /** Drops this fraction of the values while training, with a seed drawn from the global seed. */
    public Dropout(float rate) {
        this(rate, null);
    }

    /** Drops this fraction of the values while training, with masks drawn from {@code seed}. */
    public Dropout(float rate, long seed) {
        this(rate, Long.valueOf(seed));
    }

    /** A dropout of this rate; {@code seed} null draws one from the global seed at build time. */
    Dropout(float rate, Long seed) {
        if (!(rate >= 0f && rate < 1f)) {
            throw new KerasException("Invalid value received for argument `rate`. Expected a float value between 0 "
                    + "and 1 (1 excluded). Received: rate=" + rate);
        }
        this.rate = rate;
        this.givenSeed = seed;
        this.seed = seed == null ? 0L : seed;
    }

    /** The fraction of values dropped while training. */
    public float getRate() {
        return rate;
    }

    /** The seed the masks are drawn from (drawn from the global seed at build time when none was given). */
    public long getSeed() {
        return seed;
    }

    @Override
    public String className() {
        return "Dropout";
    }

    @Override
    protected String namePrefix() {
        return "dropout";
    }

    @Override
    protected List<Tensor> initialWeights(List<int[]> inputShapes, Random rng) {
        if (givenSeed == null) {
            seed = rng.nextLong();
        }
        return List.of();
    }

    @Override
    public LayerSpec toSpec() {
        return new DropoutSpec(getName(), inputShape(), rate, seed, noiseShape(inputShape()));
    }

    /** The per-sample shape of the mask (Keras's {@code noise_shape} without the batch axis): the input's, one value per value. */
    protected int[] noiseShape(int[] in) {
        return in.clone();
    }
}
