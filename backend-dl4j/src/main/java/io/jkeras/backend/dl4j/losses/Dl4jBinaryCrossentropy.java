package io.jkeras.backend.dl4j.losses;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Keras's {@code binary_crossentropy}, the mean over the last axis per sample. From
 * probabilities: {@code p = clip(y_pred, eps, 1 - eps)}, {@code -(y log p + (1 - y) log(1 - p))},
 * whose gradient is {@code -y / p + (1 - y) / (1 - p)} inside the clipping range and 0 outside.
 * From logits: {@code max(z, 0) - z y + log(1 + exp(-|z|))}, whose gradient is
 * {@code sigmoid(z) - y}.
 */
public final class Dl4jBinaryCrossentropy extends Dl4jCrossentropyLoss {
    private static final long serialVersionUID = 1L;
    /** The loss, from logits or from probabilities clipped with {@code epsilon}. */
    public Dl4jBinaryCrossentropy(boolean fromLogits, float epsilon) {
        super(fromLogits, epsilon);
    }

    @Override
    protected INDArray perSample(INDArray labels, INDArray output) {
        if (fromLogits) {
            INDArray softplusNegAbs = Transforms.log1p(Transforms.exp(Transforms.abs(output, true).negi(), false), false);
            return Transforms.max(output, 0f, true).subi(output.mul(labels)).addi(softplusNegAbs).mean(1);
        }
        INDArray p = Crossentropy.clip(output, lo, hi);
        INDArray logP = Transforms.log(p, true).muli(labels);
        INDArray log1mP = Transforms.log(p.rsub(1f), false).muli(labels.rsub(1f));
        return logP.addi(log1mP).negi().mean(1);
    }

    @Override
    protected INDArray gradient(INDArray labels, INDArray output) {
        float scale = 1f / output.size(1);
        if (fromLogits) {
            return Transforms.sigmoid(output, true).subi(labels).muli(scale);
        }
        INDArray p = Crossentropy.clip(output, lo, hi);
        INDArray inside = Crossentropy.inside(output, lo, hi);
        INDArray a = labels.div(p).negi();
        INDArray b = labels.rsub(1f).divi(p.rsubi(1f));
        return a.addi(b).muli(inside).muli(scale);
    }

    @Override
    public String name() {
        return "binary_crossentropy";
    }
}
