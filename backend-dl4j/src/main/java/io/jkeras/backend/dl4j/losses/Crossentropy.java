package io.jkeras.backend.dl4j.losses;

import io.jkeras.backend.dl4j.ops.Nd4jTensors;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The per-sample categorical crossentropy shared by the dense and sparse losses, over rows of
 * {@code (batch, width)} arrays.
 */
final class Crossentropy {
    private Crossentropy() {
    }

    /** {@code -sum(y log clip(q, lo, hi))} with {@code q = p / sum(p)} per row, as {@code (batch,)}. */
    static INDArray fromProbabilities(INDArray y, INDArray p, float lo, float hi) {
        INDArray q = p.divColumnVector(p.sum(true, 1));
        INDArray logClipped = Transforms.log(clip(q, lo, hi), false);
        return logClipped.muli(y).sum(1).negi();
    }

    /**
     * The derivative of {@link #fromProbabilities} with respect to {@code p}: with
     * {@code g = -y / clip(q)} inside the clipping range (0 outside), {@code (g - sum(g q)) / sum(p)}.
     */
    static INDArray fromProbabilitiesGradient(INDArray y, INDArray p, float lo, float hi) {
        INDArray s = p.sum(true, 1);
        INDArray q = p.divColumnVector(s);
        INDArray inside = inside(q, lo, hi);
        INDArray g = y.div(clip(q, lo, hi)).negi().muli(inside);
        INDArray gq = g.mul(q).sum(true, 1);
        return g.subiColumnVector(gq).diviColumnVector(s);
    }

    /** {@code -sum(y log_softmax(z))} per row, as {@code (batch,)}. */
    static INDArray fromLogits(INDArray y, INDArray z) {
        return logSoftmax(z).muli(y).sum(1).negi();
    }

    /** The derivative of {@link #fromLogits}: {@code softmax(z) sum(y) - y}. */
    static INDArray fromLogitsGradient(INDArray y, INDArray z) {
        INDArray softmax = Transforms.exp(logSoftmax(z), false);
        return softmax.muliColumnVector(y.sum(true, 1)).subi(y);
    }

    /**
     * The one-hot rows {@code (batch, width)} of class indices {@code (batch, 1)}; an index that is
     * not a whole number in {@code [0, width)} gives a row of zeros. Built on the heap in one pass:
     * ND4J's broadcast and compare would make several arrays per row.
     */
    static INDArray oneHot(INDArray indices, long width) {
        float[] idx = Nd4jTensors.toFloats(indices);
        int w = Math.toIntExact(width);
        float[] hot = new float[Math.multiplyExact(idx.length, w)];
        for (int i = 0; i < idx.length; i++) {
            int c = (int) idx[i];
            if (c == idx[i] && c >= 0 && c < w) {
                hot[i * w + c] = 1f;
            }
        }
        return Nd4j.create(hot, new long[] {idx.length, width}, DataType.FLOAT);
    }

    private static INDArray logSoftmax(INDArray z) {
        INDArray shifted = z.subColumnVector(z.max(true, 1));
        INDArray logSumExp = Transforms.log(Transforms.exp(shifted, true).sum(true, 1), false);
        return shifted.subiColumnVector(logSumExp);
    }

    /**
     * {@code x} clipped to {@code [lo, hi]}, a new array; a NaN stays NaN, as in {@code torch.clip}
     * (ND4J's {@code max} and {@code min} would turn it into a bound, and the 0 / 0 of a row of
     * zero probabilities into a finite loss that Keras does not give).
     */
    static INDArray clip(INDArray x, float lo, float hi) {
        INDArray clipped = Transforms.min(Transforms.max(x, lo, true), hi, false);
        INDArray nan = x.isNaN();
        return nan.any() ? clipped.putWhereWithMask(nan, Float.NaN) : clipped;
    }

    /** 1 where {@code lo <= x <= hi}, else 0: where the clip lets the gradient through. */
    static INDArray inside(INDArray x, float lo, float hi) {
        return x.gte(lo).castTo(DataType.FLOAT).muli(x.lte(hi).castTo(DataType.FLOAT));
    }
}
