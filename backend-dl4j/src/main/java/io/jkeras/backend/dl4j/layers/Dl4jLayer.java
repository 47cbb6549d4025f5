package io.jkeras.backend.dl4j.layers;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.ActivationSpec;
import io.jkeras.backend.BatchNormalizationSpec;
import io.jkeras.backend.ConcatenateSpec;
import io.jkeras.backend.ConvSpec;
import io.jkeras.backend.DenseSpec;
import io.jkeras.backend.DropoutSpec;
import io.jkeras.backend.EmbeddingSpec;
import io.jkeras.backend.GlobalPoolingSpec;
import io.jkeras.backend.LayerNormSpec;
import io.jkeras.backend.LayerSpec;
import io.jkeras.backend.MaskingSpec;
import io.jkeras.backend.MergeSpec;
import io.jkeras.backend.PadCropSpec;
import io.jkeras.backend.PermuteSpec;
import io.jkeras.backend.PoolingSpec;
import io.jkeras.backend.RepeatVectorSpec;
import io.jkeras.backend.UpSamplingSpec;
import io.jkeras.backend.BidirectionalSpec;
import io.jkeras.backend.RecurrentSpec;
import io.jkeras.backend.ReshapeSpec;
import io.jkeras.backend.SliceSpec;
import io.jkeras.backend.TimeDistributedSpec;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One Keras layer of a model compiled to DL4J: its weights in Keras's layout over the parameter
 * views of the DL4J layers that run it. A Keras layer called at several nodes runs as one DL4J
 * layer per node (DL4J cannot share parameters between vertices); those copies hold the same
 * values, and {@link #tieGradients} gives each of them the sum of their gradients, so that one
 * update keeps them equal and moves them as Keras moves the one shared layer.
 */
public abstract sealed class Dl4jLayer
        permits Dl4jKernelLayer, Dl4jWeightlessLayer, Dl4jLayerNorm, Dl4jBatchNormalization, Dl4jRecurrent,
        Dl4jBidirectional {

    Dl4jLayer() {
    }

    /**
     * The layer over the initialised DL4J layers that run it, one per node where it is called
     * (none for layers DL4J runs as vertices without parameters).
     */
    public static Dl4jLayer over(LayerSpec spec, List<Layer> copies) {
        return spec.accept(new LayerSpec.Visitor<>() {
            @Override
            public Dl4jLayer dense(DenseSpec s) {
                return new Dl4jDense(s, copies);
            }

            @Override
            public Dl4jLayer activation(ActivationSpec s) {
                return new Dl4jWeightlessLayer("'" + s.name() + "' (Activation)");
            }

            @Override
            public Dl4jLayer dropout(DropoutSpec s) {
                return new Dl4jDropout(s, copies);
            }

            @Override
            public Dl4jLayer reshape(ReshapeSpec s) {
                return new Dl4jWeightlessLayer("'" + s.name() + "' (Reshape)");
            }

            @Override
            public Dl4jLayer merge(MergeSpec s) {
                return new Dl4jWeightlessLayer("'" + s.name() + "' (" + s.op().className() + ")");
            }

            @Override
            public Dl4jLayer concatenate(ConcatenateSpec s) {
                return new Dl4jWeightlessLayer("'" + s.name() + "' (Concatenate)");
            }

            @Override
            public Dl4jLayer conv(ConvSpec s) {
                return new Dl4jConv(s, copies);
            }

            @Override
            public Dl4jLayer pooling(PoolingSpec s) {
                return new Dl4jWeightlessLayer("'" + s.name() + "' (pooling)");
            }

            @Override
            public Dl4jLayer globalPooling(GlobalPoolingSpec s) {
                return new Dl4jWeightlessLayer("'" + s.name() + "' (global pooling)");
            }

            @Override
            public Dl4jLayer padCrop(PadCropSpec s) {
                return new Dl4jWeightlessLayer("'" + s.name() + "' (" + (s.mode() == PadCropSpec.Mode.CROP
                        ? "Cropping2D" : "ZeroPadding2D") + ")");
            }

            @Override
            public Dl4jLayer upSampling(UpSamplingSpec s) {
                return new Dl4jWeightlessLayer("'" + s.name() + "' (UpSampling2D)");
            }

            @Override
            public Dl4jLayer repeatVector(RepeatVectorSpec s) {
                return new Dl4jWeightlessLayer("'" + s.name() + "' (RepeatVector)");
            }

            @Override
            public Dl4jLayer permute(PermuteSpec s) {
                return new Dl4jWeightlessLayer("'" + s.name() + "' (Permute)");
            }

            @Override
            public Dl4jLayer slice(SliceSpec s) {
                return new Dl4jWeightlessLayer("'" + s.name() + "' (an output of a multi-output call)");
            }

            @Override
            public Dl4jLayer timeDistributed(TimeDistributedSpec s) {
                // The inner layer's DL4J layers are the wrapper's vertices: one per node, on rows of steps.
                return s.inner().accept(this);
            }

            @Override
            public Dl4jLayer layerNorm(LayerNormSpec s) {
                return new Dl4jLayerNorm(s, copies);
            }

            @Override
            public Dl4jLayer batchNormalization(BatchNormalizationSpec s) {
                return new Dl4jBatchNormalization(s, copies);
            }

            @Override
            public Dl4jLayer embedding(EmbeddingSpec s) {
                return new Dl4jEmbedding(s, copies);
            }

            @Override
            public Dl4jLayer recurrent(RecurrentSpec s) {
                return new Dl4jRecurrent(s, copies);
            }

            @Override
            public Dl4jLayer bidirectional(BidirectionalSpec s) {
                return new Dl4jBidirectional(s, copies);
            }

            @Override
            public Dl4jLayer masking(MaskingSpec s) {
                return new Dl4jWeightlessLayer("'" + s.name() + "' (Masking)");
            }
        });
    }

    /** The weights in Keras's order and shapes; copies. */
    public abstract List<Tensor> getWeights();

    /**
     * Replaces the weights (in every DL4J copy of the layer).
     *
     * @throws KerasException if the count or a shape is not the layer's
     */
    public abstract void setWeights(List<Tensor> weights);

    /**
     * Makes the next training forward pass use the dropout masks of this step (from 0): Dropout's,
     * and the recurrent layers' {@code dropout} masks. Others ignore it.
     */
    public void setStep(long step) {
    }

    /**
     * Frees the working arrays the layer keeps between calls (the recurrent layers' per-batch-size
     * arrays). The model calls it when it frees its thread's workspaces: after a failed call, and
     * after a large call that was not a repeat of the one before it. Others keep nothing.
     */
    public void releaseScratch() {
    }

    /** The bytes of the working arrays the layer keeps for its next call ({@link #releaseScratch}). */
    public long scratchBytes() {
        return 0;
    }

    /** The trainable weights only, in Keras's order: what the optimizer keeps state for; copies. */
    public List<Tensor> getTrainableWeights() {
        return getWeights();
    }

    /** Replaces the trainable weights only, as {@link #getTrainableWeights} gives them. */
    public void setTrainableWeights(List<Tensor> weights) {
        setWeights(weights);
    }

    /**
     * Views of the DL4J parameters the update rule must leave as they are (non-trainable
     * variables, such as BatchNormalization's moving statistics, which the layer assigns itself).
     */
    public List<INDArray> frozenParams() {
        return List.of();
    }

    /**
     * The layer's regularization penalty on its current weights, counted once however many nodes
     * call it; with {@code addGradient}, adds the penalty's gradient to the gradient views too.
     */
    public abstract double regularize(boolean addGradient);

    /** Whether the layer has a weight penalty, so that {@link #regularize} can change the loss or gradient. */
    public abstract boolean hasRegularizer();

    /** Sets the gradient of every DL4J copy of the layer to the sum over the copies; nothing for one copy. */
    public abstract void tieGradients();

    /** Checks one weight tensor's shape against what the layer expects. */
    static void checkShape(String layer, String what, Tensor t, int... expected) {
        if (!java.util.Arrays.equals(t.shape(), expected)) {
            throw new KerasException("Layer '" + layer + "' expects its " + what + " of shape "
                    + Tensor.shapeToString(expected) + ". Received: shape " + Tensor.shapeToString(t.shape()) + ".");
        }
    }
}
