package io.jkeras.backend.dl4j.optimizers;

import io.jkeras.optimizers.Adagrad;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Keras 3's Adagrad: the accumulator starts at {@code initialAccumulatorValue}; each step
 * {@code acc += g^2}, {@code w -= lr g / sqrt(acc + epsilon)}.
 */
public final class Dl4jAdagrad extends Dl4jOptimizer {
    private final float epsilon;
    private final INDArray accumulator;
    private final INDArray denominator;

    /** Adagrad over parameters of this shape. */
    public Dl4jAdagrad(Adagrad spec, long[] shape) {
        super(spec, shape);
        this.epsilon = spec.epsilon();
        this.accumulator = zeros(shape).addi(spec.initialAccumulatorValue());
        this.denominator = zeros(shape);
    }

    @Override
    protected void update(INDArray w, INDArray g, float lr, long step) {
        accumulator.addi(tmp.assign(g).muli(g));
        Transforms.sqrt(denominator.assign(accumulator).addi(epsilon), false);
        w.subi(tmp.assign(g).muli(lr).divi(denominator));
    }
}
