package io.jkeras.backend;

import io.jkeras.regularizers.Regularizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Keras's {@code BatchNormalization} on the last axis (channels last): each of the {@code channels}
 * features is normalized over every other axis of the batch.
 *
 * <p>In a training step, with the batch's mean {@code m} and biased variance {@code v} of each
 * channel, {@code out = (x - m) / sqrt(v + epsilon) * gamma + beta}, and the layer then assigns its
 * moving statistics {@code moving = moving * momentum + batch * (1 - momentum)} (Keras 3 does it
 * in {@code call(training=True)}; the optimizer never touches them). Otherwise (evaluate, predict)
 * the moving statistics take the place of {@code m} and {@code v}.
 *
 * <p>Variables, in Keras's order: {@code gamma} (if {@code scale}), {@code beta} (if
 * {@code center}), trainable; {@code moving_mean}, {@code moving_variance}, non-trainable; each
 * {@code (channels,)}.
 *
 * @param name the layer's name
 * @param shape the per-sample shape, in and out, of rank 1 or more; the last axis is the channels
 * @param momentum the moving statistics' momentum
 * @param epsilon added to the variance
 * @param center whether there is a {@code beta}
 * @param scale whether there is a {@code gamma}
 * @param gammaRegularizer the penalty on {@code gamma}, or {@code null}
 * @param betaRegularizer the penalty on {@code beta}, or {@code null}
 */
public record BatchNormalizationSpec(String name, int[] shape, float momentum, float epsilon, boolean center,
        boolean scale, Regularizer gammaRegularizer, Regularizer betaRegularizer) implements LayerSpec {

    /** Copies the shape and checks it. */
    public BatchNormalizationSpec {
        shape = shape.clone();
        if (shape.length == 0) {
            throw new IllegalArgumentException("BatchNormalization '" + name + "' needs an input of rank 1 or more per"
                    + " sample. Received: " + Shapes.withBatch(shape));
        }
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** The channels: the size of the last axis. */
    public int channels() {
        return shape[shape.length - 1];
    }

    /** Rows of channels per sample: the product of every axis but the last. */
    public int rowsPerSample() {
        return channels() == 0 ? 0 : Shapes.size(shape, name) / channels();
    }

    @Override
    public List<int[]> inputShapes() {
        return List.of(shape.clone());
    }

    @Override
    public int[] outputShape() {
        return shape.clone();
    }

    @Override
    public List<VariableSpec> variables() {
        int[] c = {channels()};
        List<VariableSpec> vars = new ArrayList<>();
        if (scale) {
            vars.add(VariableSpec.trainable("gamma", c, gammaRegularizer));
        }
        if (center) {
            vars.add(VariableSpec.trainable("beta", c, betaRegularizer));
        }
        vars.add(VariableSpec.nonTrainable("moving_mean", c));
        vars.add(VariableSpec.nonTrainable("moving_variance", c));
        return List.copyOf(vars);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.batchNormalization(this);
    }
}
