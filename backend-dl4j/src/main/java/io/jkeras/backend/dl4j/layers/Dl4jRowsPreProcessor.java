package io.jkeras.backend.dl4j.layers;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Regroups row-major rows: {@code (n, from)} becomes {@code (n * from / to, to)}, the same values
 * in the same order, and the gradient goes back the same way. jkeras keeps every activation as
 * {@code (batch, values per sample)}; this is how a layer that works on the last axis of a
 * rank-3 sample (Dense, softmax, a loss) sees one row per position, and how Concatenate on a
 * middle axis lines up its blocks for DL4J's {@code MergeVertex}.
 */
public final class Dl4jRowsPreProcessor implements Dl4jMasklessPreProcessor {
    private static final long serialVersionUID = 1L;

    private final long from;
    private final long to;

    /**
     * A regrouping from rows of {@code from} values to rows of {@code to}.
     *
     * @param from the row width coming in
     * @param to the row width going out; {@code from} must be a multiple of it or it of {@code from}
     */
    public Dl4jRowsPreProcessor(long from, long to) {
        this.from = from;
        this.to = to;
    }

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        return regroup(input, to, ArrayType.ACTIVATIONS, workspaceMgr);
    }

    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        if (output == null) {
            // The layer behind has no input gradient (an Embedding: indices have none): zeros, so that
            // DL4J can add it to the gradient of another reader of the same input (a mask's source).
            return workspaceMgr.create(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, new long[] {miniBatchSize, from}, 'c');
        }
        return regroup(output, from, ArrayType.ACTIVATION_GRAD, workspaceMgr);
    }

    /** {@code a}'s values, row-major, as rows of {@code width}; a copy in the workspace of {@code type}. */
    private static INDArray regroup(INDArray a, long width, ArrayType type, LayerWorkspaceMgr workspaceMgr) {
        // A row-major copy first: DL4J's layers often give 'f'-ordered activations.
        INDArray c = workspaceMgr.dup(type, a, 'c');
        return c.reshape('c', a.length() / width, width);
    }

    @Override
    public Dl4jRowsPreProcessor clone() {
        return new Dl4jRowsPreProcessor(from, to);
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        return InputType.feedForward(to);
    }

    @Override
    public String toString() {
        return "Rows(" + from + " -> " + to + ")";
    }
}
