package io.jkeras.layers;

import io.jkeras.KerasException;
import io.jkeras.backend.Padding;
import io.jkeras.backend.Shapes;

/** The argument checks that Keras's convolution and pooling layers share, with Keras's messages. */
final class ConvArgs {

    private ConvArgs() {
    }

    /** Keras's tuple in messages: {@code (3, 3)} or {@code (3,)}. */
    static String tuple(int[] v) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) {
            sb.append(i > 0 ? ", " : "").append(v[i]);
        }
        return sb.append(v.length == 1 ? ",)" : ")").toString();
    }

    /**
     * One value per spatial axis: a single value is repeated, as Keras's {@code standardize_tuple} does.
     *
     * @throws KerasException unless there are 1 or {@code rank} values, all positive
     */
    static int[] positiveTuple(String layerClass, String arg, int[] values, int rank) {
        if (values == null || (values.length != 1 && values.length != rank)) {
            throw new KerasException(layerClass + ": the `" + arg + "` argument must be a tuple of " + rank
                    + " integers. Received: " + arg + "=" + (values == null ? "null" : tuple(values)));
        }
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            out[i] = values.length == 1 ? values[0] : values[i];
            if (out[i] <= 0) {
                throw new KerasException(layerClass + ": the `" + arg + "` argument must be a tuple of " + rank
                        + " positive integers. Received: " + arg + "=" + tuple(values));
            }
        }
        return out;
    }

    /** The padding of this name, as a {@link KerasException}. */
    static Padding padding(String layerClass, String name) {
        try {
            return Padding.of(name);
        } catch (IllegalArgumentException e) {
            throw new KerasException(layerClass + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks {@code data_format}: jkeras runs images channels last only.
     *
     * @throws KerasException for {@code channels_first} or an unknown name
     */
    static void checkDataFormat(String layerClass, String format) {
        if ("channels_last".equals(format)) {
            return;
        }
        if ("channels_first".equals(format)) {
            throw new KerasException(layerClass + ": data_format=\"channels_first\" is not supported; jkeras supports"
                    + " only \"channels_last\" (batch, ..., channels), Keras's default. Move the channels to the last"
                    + " axis of the data.");
        }
        throw new KerasException(layerClass + ": the `data_format` argument must be \"channels_last\". Received: "
                + "data_format=" + format);
    }

    /**
     * Checks the {@code image_data_format} of {@code keras.json}, which a layer without its own
     * {@code dataFormat} follows, as in Keras.
     *
     * @throws KerasException if it is {@code channels_first}
     */
    static void checkConfiguredFormat(String layerClass, String name) {
        java.util.Map.Entry<String, java.nio.file.Path> format = io.jkeras.backend.Backends.imageDataFormat();
        if ("channels_first".equals(format.getKey())) {
            throw new KerasException(layerClass + " '" + name + "': image_data_format is \"channels_first\" in "
                    + format.getValue() + "; jkeras supports only \"channels_last\" (batch, ..., channels), Keras's"
                    + " default. Set \"image_data_format\": \"channels_last\" there, or give the layer"
                    + " dataFormat(\"channels_last\").");
        }
    }

    /**
     * Checks a channels-last input of {@code rank} spatial axes and that the windows fit it.
     *
     * @throws KerasException naming the layer, the input shape and the parameters
     */
    static void checkWindows(String layerClass, String name, int[] in, int rank, String windowArg, int[] window,
            int[] strides, int[] dilation, Padding padding) {
        checkRank(layerClass, name, in, rank);
        for (int i = 0; i < rank; i++) {
            if (padding.outputLength(in[i], window[i], strides[i], dilation[i]) <= 0) {
                throw new KerasException(layerClass + " '" + name + "': " + windowArg + "=" + tuple(window)
                        + (dilation == null || allOnes(dilation) ? "" : " with dilation_rate=" + tuple(dilation))
                        + " does not fit in input shape " + Shapes.withBatch(in) + " with padding=\"valid\": the"
                        + " computed output size would be zero or negative. Use a smaller " + windowArg
                        + " or padding=\"same\".");
            }
        }
    }

    /**
     * Checks that a per-sample input is channels last with {@code rank} spatial axes.
     *
     * @throws KerasException naming the layer and the input shape
     */
    static void checkRank(String layerClass, String name, int[] in, int rank) {
        if (in.length != rank + 1) {
            String axes = rank == 1 ? "(batch, steps, channels)" : "(batch, height, width, channels)";
            throw new KerasException(layerClass + " '" + name + "' expects input of rank " + (rank + 2) + " " + axes
                    + ". Received: input shape " + Shapes.withBatch(in));
        }
    }

    /**
     * The checks of an image layer at build time: {@code keras.json}'s {@code image_data_format}
     * unless the layer was given {@code dataFormat("channels_last")}, then a channels-last input
     * {@code (batch, height, width, channels)}.
     */
    static void checkImage(String layerClass, String name, int[] in, boolean formatGiven) {
        if (!formatGiven) {
            checkConfiguredFormat(layerClass, name);
        }
        checkRank(layerClass, name, in, 2);
    }

    static boolean allOnes(int[] v) {
        for (int x : v) {
            if (x != 1) {
                return false;
            }
        }
        return true;
    }
}
