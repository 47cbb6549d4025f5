package io.jkeras.layers;

/**
 * Keras's {@code SpatialDropout2D(rate)}: {@link Dropout} of whole channels. While training, each
 * channel of each sample is zeroed with probability {@code rate} at every position, or kept and
 * scaled by {@code 1 / (1 - rate)} (Keras's noise shape {@code (batch, 1, 1, channels)}); in
 * inference it passes its input through. Channels last only.
 *
 * <p>The masks come from {@link io.jkeras.backend.DropoutMask}, one draw per (sample, channel),
 * so every backend drops the same channels; they are jkeras's own, not the ones Keras would draw.
 *
 * <p>Input shape: {@code (batch, height, width, channels)}. Output shape: the same. No weights.
 */
public final class SpatialDropout2D extends Dropout {
    private boolean formatGiven;

    /** Drops this fraction of the channels while training, with a seed drawn from the global seed. */
    public SpatialDropout2D(float rate) {
        super(rate, null);
    }

    /** Drops this fraction of the channels while training, with masks drawn from {@code seed}. */
    public SpatialDropout2D(float rate, long seed) {
        super(rate, Long.valueOf(seed));
    }

    /** Keras's {@code data_format}: only {@code "channels_last"} is supported; it overrides {@code keras.json}'s {@code image_data_format}. */
    public SpatialDropout2D dataFormat(String format) {
        ConvArgs.checkDataFormat(className(), format);
        formatGiven = true;
        return this;
    }

    @Override
    public String className() {
        return "SpatialDropout2D";
    }

    @Override
    protected String namePrefix() {
        return "spatial_dropout2d";
    }

    @Override
    protected void checkInput(int[] in) {
        ConvArgs.checkImage(className(), getName(), in, formatGiven);
    }

    @Override
    protected int[] noiseShape(int[] in) {
        return new int[] {1, 1, in[2]};
    }
}
