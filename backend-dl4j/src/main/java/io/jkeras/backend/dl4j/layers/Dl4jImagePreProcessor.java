package io.jkeras.backend.dl4j.layers;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Turns jkeras's {@code (batch, height * width * channels)} rows into DL4J's NHWC images
 * {@code (batch, height, width, channels)}, or back: the same values in the same row-major order,
 * so no value moves but the copy DL4J's layouts need. A convolution or pooling reads its input
 * through one {@linkplain #toImage toward an image} and hands its output on through one
 * {@linkplain #toRows toward rows}; the gradient goes back the same way.
 */
public final class Dl4jImagePreProcessor implements Dl4jMasklessPreProcessor {
    private static final long serialVersionUID = 1L;

    private final long height;
    private final long width;
    private final long channels;
    private final boolean image;

    private Dl4jImagePreProcessor(long height, long width, long channels, boolean image) {
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.image = image;
    }

    /** From rows {@code (batch, h * w * c)} to NHWC images {@code (batch, h, w, c)}. */
    public static Dl4jImagePreProcessor toImage(long height, long width, long channels) {
        return new Dl4jImagePreProcessor(height, width, channels, true);
    }

    /** From NHWC images {@code (batch, h, w, c)} to rows {@code (batch, h * w * c)}. */
    public static Dl4jImagePreProcessor toRows(long height, long width, long channels) {
        return new Dl4jImagePreProcessor(height, width, channels, false);
    }

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        return reshape(input, image, ArrayType.ACTIVATIONS, workspaceMgr);
    }

    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        return reshape(output, !image, ArrayType.ACTIVATION_GRAD, workspaceMgr);
    }

    private INDArray reshape(INDArray a, boolean toImage, ArrayType type, LayerWorkspaceMgr workspaceMgr) {
        // A row-major copy first: DL4J's layers often give 'f'-ordered or permuted arrays.
        INDArray c = workspaceMgr.dup(type, a, 'c');
        long batch = a.size(0);
        return toImage ? c.reshape('c', batch, height, width, channels) : c.reshape('c', batch, height * width * channels);
    }

    @Override
    public Dl4jImagePreProcessor clone() {
        return new Dl4jImagePreProcessor(height, width, channels, image);
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        return image ? InputType.convolutional(height, width, channels, CNN2DFormat.NHWC)
                : InputType.feedForward(height * width * channels);
    }

    @Override
    public String toString() {
        return (image ? "ToImage(" : "ToRows(") + height + ", " + width + ", " + channels + ")";
    }
}
