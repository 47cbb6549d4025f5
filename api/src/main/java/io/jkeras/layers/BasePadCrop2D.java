package io.jkeras.layers;

import io.jkeras.KerasException;
import io.jkeras.backend.LayerSpec;
import io.jkeras.backend.PadCropSpec;
import io.jkeras.backend.Shapes;

/**
 * What {@link ZeroPadding2D} and {@link Cropping2D} share: the amount per side, given as Keras
 * takes it (an int for every side, {@code (height, width)} for symmetric amounts, or
 * {@code ((top, bottom), (left, right))}), checked as Keras checks it; channels last only.
 *
 * @param <T> the layer class, for chained setters
 */
public abstract class BasePadCrop2D<T extends BasePadCrop2D<T>> extends Layer {
    private final PadCropSpec.Mode mode;
    private final int[][] amounts;
    private boolean formatGiven;

    BasePadCrop2D(PadCropSpec.Mode mode, String arg, int[][] amounts) {
        this.mode = mode;
        if (amounts.length != 2 || amounts[0].length != 2 || amounts[1].length != 2) {
            throw new KerasException("`" + arg + "` should be either an int, a tuple of 2 ints, or a tuple of 2 tuples"
                    + " of 2 ints ((top, bottom), (left, right)). Received: " + arg + "=" + format(amounts));
        }
        for (int[] side : amounts) {
            for (int v : side) {
                if (v < 0) {
                    throw new KerasException("`" + arg + "` cannot be negative. Received: " + arg + "=" + format(amounts)
                            + ".");
                }
            }
        }
        this.amounts = new int[][] {amounts[0].clone(), amounts[1].clone()};
    }

    /** {@code ((v, v), (v, v))}. */
    static int[][] every(int v) {
        return new int[][] {{v, v}, {v, v}};
    }

    /** {@code ((h, h), (w, w))}. */
    static int[][] symmetric(int h, int w) {
        return new int[][] {{h, h}, {w, w}};
    }

    /** Keras's nested tuple, e.g. {@code ((1, 2), (0, 3))}. */
    static String format(int[][] amounts) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < amounts.length; i++) {
            sb.append(i > 0 ? ", " : "").append(ConvArgs.tuple(amounts[i]));
        }
        return sb.append(")").toString();
    }

    /** {@code ((top, bottom), (left, right))}; a copy. */
    public int[][] amounts() {
        return new int[][] {amounts[0].clone(), amounts[1].clone()};
    }

    /** Keras's {@code data_format}: only {@code "channels_last"} is supported; it overrides {@code keras.json}'s {@code image_data_format}. */
    @SuppressWarnings("unchecked")
    public T dataFormat(String format) {
        ConvArgs.checkDataFormat(className(), format);
        formatGiven = true;
        return (T) this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T name(String newName) {
        super.name(newName);
        return (T) this;
    }

    @Override
    protected int[] computeOutputShape(int[] in) {
        ConvArgs.checkImage(className(), getName(), in, formatGiven);
        if (mode == PadCropSpec.Mode.CROP && (amounts[0][0] + amounts[0][1] >= in[0]
                || amounts[1][0] + amounts[1][1] >= in[1])) {
            throw new KerasException("Values in `cropping` argument should be smaller than the corresponding spatial"
                    + " dimension of the input. Received: input_shape=" + Shapes.withBatch(in) + ", cropping="
                    + format(amounts) + " (layer " + className() + " '" + getName() + "').");
        }
        return spec(in).outputShape();
    }

    private PadCropSpec spec(int[] in) {
        return new PadCropSpec(getName(), in, mode, amounts[0][0], amounts[0][1], amounts[1][0], amounts[1][1]);
    }

    @Override
    public LayerSpec toSpec() {
        return spec(inputShape());
    }
}
