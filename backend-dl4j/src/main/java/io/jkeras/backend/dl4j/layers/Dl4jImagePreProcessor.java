package io.jkeras.backend.dl4j.layers;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Turns jkeras's {@code (batch, height * width * channels)} rows (Keras's {@code channels_last}
 * order) into DL4J's NCHW images {@code (batch, channels, height, width)}, or back; the gradient
 * goes back the same way. DL4J's image layers run in NCHW, its native layout (in NHWC each of them
 * permutes its input and output around the same NCHW kernels), so the graph builder puts one of
 * these {@linkplain #toImage toward images} where rows enter a run of image layers, and one
 * {@linkplain #toRows toward rows} where something else reads an image (Flatten, Dense, a merge,
 * a loss): one permuting copy at each edge, none between two image layers.
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

    /** From rows {@code (batch, h * w * c)} to NCHW images {@code (batch, c, h, w)}. */
    public static Dl4jImagePreProcessor toImage(long height, long width, long channels) {
        return new Dl4jImagePreProcessor(height, width, channels, true);
    }

    /** From NCHW images {@code (batch, c, h, w)} to rows {@code (batch, h * w * c)}. */
    public static Dl4jImagePreProcessor toRows(long height, long width, long channels) {
        return new Dl4jImagePreProcessor(height, width, channels, false);
    }

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        return convert(input, image, ArrayType.ACTIVATIONS, workspaceMgr);
    }

    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        return convert(output, !image, ArrayType.ACTIVATION_GRAD, workspaceMgr);
    }

    /** {@code a} as NCHW images or as rows: a row-major copy in the workspace of {@code type}, never a view of {@code a}. */
    private INDArray convert(INDArray a, boolean toImage, ArrayType type, LayerWorkspaceMgr workspaceMgr) {
        long batch = a.size(0);
        if (toImage) {
            // Rows may come 'f'-ordered or as a view; the reshape to (b, h, w, c) needs them row-major.
            INDArray rows = a.ordering() == 'c' && !a.isView() ? a : workspaceMgr.dup(type, a, 'c');
            INDArray nhwc = rows.reshape('c', batch, height, width, channels);
            return workspaceMgr.dup(type, nhwc.permute(0, 3, 1, 2), 'c');
        }
        INDArray nhwc = workspaceMgr.dup(type, a.permute(0, 2, 3, 1), 'c');
        return nhwc.reshape('c', batch, height * width * channels);
    }

    @Override
    public Dl4jImagePreProcessor clone() {
        return new Dl4jImagePreProcessor(height, width, channels, image);
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        return image ? InputType.convolutional(height, width, channels, CNN2DFormat.NCHW)
                : InputType.feedForward(height * width * channels);
    }

    @Override
    public String toString() {
        return (image ? "ToImage(" : "ToRows(") + height + ", " + width + ", " + channels + ")";
    }
}
