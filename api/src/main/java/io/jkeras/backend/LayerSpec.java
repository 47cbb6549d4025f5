package io.jkeras.backend;

import java.util.List;

/**
 * One layer of a {@link ModelSpec}, with its shapes resolved. Shapes are per sample (no batch
 * axis), of any rank; tensors are row-major, so a backend may treat a tensor of per-sample shape
 * {@code s} as {@code (batch, product(s))} wherever the layout does not matter.
 *
 * <p>The interface is sealed and every backend dispatches through {@link Visitor}: a new kind of
 * layer adds a {@code Visitor} method, so every backend fails to compile until it handles it.
 */
public sealed interface LayerSpec permits DenseSpec, SameShapeSpec, ReshapeSpec, MergeSpec, ConcatenateSpec,
        ConvSpec, PoolingSpec, GlobalPoolingSpec, GatherSpec, LayerNormSpec, BatchNormalizationSpec,
        EmbeddingSpec, RecurrentSpec, BidirectionalSpec, MaskingSpec, TimeDistributedSpec {

    /** The layer's Keras name, e.g. {@code "dense_1"}; unique in its model. */
    String name();

    /** The per-sample shape of each input the layer takes at every node where it is called. */
    List<int[]> inputShapes();

    /** The per-sample shape of its output. */
    int[] outputShape();

    /** Its variables in Keras's order (trainable, then non-trainable); empty for layers without weights. */
    default List<VariableSpec> variables() {
        return List.of();
    }

    /** Calls the visitor's method for this kind of layer. */
    <R> R accept(Visitor<R> visitor);

    /** The per-sample shape of the first input. */
    default int[] inputShape() {
        return inputShapes().get(0).clone();
    }

    /**
     * One method per kind of layer: how a backend dispatches on specs without {@code instanceof},
     * so that a missing case is a compile error.
     *
     * @param <R> what the backend makes of a spec
     */
    interface Visitor<R> {
        /** A {@link DenseSpec}. */
        R dense(DenseSpec spec);

        /** An {@link ActivationSpec}. */
        R activation(ActivationSpec spec);

        /** A {@link DropoutSpec}. */
        R dropout(DropoutSpec spec);

        /** A {@link ReshapeSpec} (Flatten, Reshape). */
        R reshape(ReshapeSpec spec);

        /** A {@link MergeSpec} (Add, Subtract, Multiply, Average, Maximum, Minimum). */
        R merge(MergeSpec spec);

        /** A {@link ConcatenateSpec}. */
        R concatenate(ConcatenateSpec spec);

        /** A {@link ConvSpec} (Conv1D, Conv2D). */
        R conv(ConvSpec spec);

        /** A {@link PoolingSpec} (MaxPooling1D/2D, AveragePooling1D/2D). */
        R pooling(PoolingSpec spec);

        /** A {@link GlobalPoolingSpec} (GlobalAveragePooling1D/2D, GlobalMaxPooling1D/2D). */
        R globalPooling(GlobalPoolingSpec spec);

        /** A {@link PadCropSpec} (ZeroPadding2D, Cropping2D). */
        R padCrop(PadCropSpec spec);

        /** An {@link UpSamplingSpec} (UpSampling2D). */
        R upSampling(UpSamplingSpec spec);

        /** A {@link RepeatVectorSpec}. */
        R repeatVector(RepeatVectorSpec spec);

        /** A {@link PermuteSpec}. */
        R permute(PermuteSpec spec);

        /** A {@link SliceSpec}: one output of a multi-output layer call. */
        R slice(SliceSpec spec);

        /** A {@link LayerNormSpec} (LayerNormalization). */
        R layerNorm(LayerNormSpec spec);

        /** A {@link BatchNormalizationSpec}. */
        R batchNormalization(BatchNormalizationSpec spec);

        /** An {@link EmbeddingSpec}. */
        R embedding(EmbeddingSpec spec);

        /** A {@link RecurrentSpec} (SimpleRNN, LSTM, GRU). */
        R recurrent(RecurrentSpec spec);

        /** A {@link BidirectionalSpec}. */
        R bidirectional(BidirectionalSpec spec);

        /** A {@link MaskingSpec}. */
        R masking(MaskingSpec spec);

        /** A {@link TimeDistributedSpec}. */
        R timeDistributed(TimeDistributedSpec spec);
    }
}
