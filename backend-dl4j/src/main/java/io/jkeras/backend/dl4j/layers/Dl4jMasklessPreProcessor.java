package io.jkeras.backend.dl4j.layers;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A jkeras preprocessor: jkeras models carry no DL4J masks, so a mask passes through unchanged. */
interface Dl4jMasklessPreProcessor extends InputPreProcessor {

    @Override
    default Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
            int minibatchSize) {
        return new Pair<>(maskArray, currentMaskState);
    }
}
