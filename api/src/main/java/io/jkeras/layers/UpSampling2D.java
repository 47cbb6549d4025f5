package io.jkeras.layers;

import io.jkeras.KerasException;
import io.jkeras.backend.LayerSpec;
import io.jkeras.backend.UpSamplingSpec;

/**
 * Keras's {@code UpSampling2D(size=(2, 2), interpolation="nearest")}: each row of an image
 * repeated {@code size[0]} times and each column {@code size[1]} times, channels last. Only
 * {@code "nearest"} interpolation is supported. No weights.
 *
 * <p>Input shape: {@code (batch, height, width, channels)}. Output shape:
 * {@code (batch, height * size[0], width * size[1], channels)}.
 */
public final class UpSampling2D extends Layer {
    private final int[] size;
    private String interpolation = "nearest";
    private boolean formatGiven;

    /** Keras's default size {@code (2, 2)}. */
    public UpSampling2D() {
        this(2);
    }

    /** The same factor on both axes, or {@code (rows, cols)}. */
    public UpSampling2D(int... size) {
        this.size = ConvArgs.positiveTuple("UpSampling2D", "size", size, 2);
    }

    /** The factors {@code (rows, cols)}; a copy. */
    public int[] getSize() {
        return size.clone();
    }

    /** The interpolation, {@code "nearest"}. */
    public String getInterpolation() {
        return interpolation;
    }

    /**
     * Keras's {@code interpolation}: only {@code "nearest"} is supported.
     *
     * @throws KerasException for any other value, naming it
     */
    public UpSampling2D interpolation(String value) {
        String v = value == null ? "null" : value.toLowerCase(java.util.Locale.ROOT);
        if (!v.equals("nearest")) {
            throw new KerasException("UpSampling2D: interpolation=\"" + value + "\" is not supported; jkeras supports"
                    + " only interpolation=\"nearest\" (Keras also has \"bilinear\", \"bicubic\", \"lanczos3\","
                    + " \"lanczos5\").");
        }
        this.interpolation = v;
        return this;
    }

    /** Keras's {@code data_format}: only {@code "channels_last"} is supported; it overrides {@code keras.json}'s {@code image_data_format}. */
    public UpSampling2D dataFormat(String format) {
        ConvArgs.checkDataFormat(className(), format);
        formatGiven = true;
        return this;
    }

    @Override
    public UpSampling2D name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public String className() {
        return "UpSampling2D";
    }

    @Override
    protected String namePrefix() {
        return "up_sampling2d";
    }

    @Override
    protected int[] computeOutputShape(int[] in) {
        ConvArgs.checkImage(className(), getName(), in, formatGiven);
        return new int[] {in[0] * size[0], in[1] * size[1], in[2]};
    }

    @Override
    public LayerSpec toSpec() {
        return new UpSamplingSpec(getName(), inputShape(), size[0], size[1]);
    }
}
