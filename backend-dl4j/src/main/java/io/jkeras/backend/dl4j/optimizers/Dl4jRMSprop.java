package io.jkeras.backend.dl4j.optimizers;

import io.jkeras.optimizers.RMSprop;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Keras 3's RMSprop: {@code v = rho v + (1 - rho) g^2}; centered, also
 * {@code a = rho a + (1 - rho) g} and the denominator {@code v - a^2 + epsilon}, else
 * {@code v + epsilon}; {@code step = lr g / sqrt(denominator)}; with momentum
 * {@code m = momentum m + step}, {@code w -= m}, else {@code w -= step}.
 */
public final class Dl4jRMSprop extends Dl4jOptimizer {
    private final float rho;
    private final float oneMinusRho;
    private final float momentum;
    private final float epsilon;
    private final INDArray velocity;
    private final INDArray average;
    private final INDArray moment;
    private final INDArray denominator;

    /** RMSprop over parameters of this shape. */
    public Dl4jRMSprop(RMSprop spec, long[] shape) {
        super(spec, shape);
        this.rho = spec.rho();
        this.oneMinusRho = oneMinus(rho);
        this.momentum = spec.momentum();
        this.epsilon = spec.epsilon();
        this.velocity = zeros(shape);
        this.average = spec.centered() ? zeros(shape) : null;
        this.moment = momentum > 0f ? zeros(shape) : null;
        this.denominator = zeros(shape);
    }

    @Override
    protected void update(INDArray w, INDArray g, float lr, long step) {
        float c = oneMinusRho;
        velocity.muli(rho).addi(tmp.assign(g).muli(g).muli(c));
        denominator.assign(velocity);
        if (average != null) {
            average.muli(rho).addi(tmp.assign(g).muli(c));
            denominator.subi(tmp.assign(average).muli(average));
        }
        Transforms.sqrt(denominator.addi(epsilon), false);
        INDArray increment = tmp.assign(g).muli(lr).divi(denominator);
        if (moment != null) {
            w.subi(moment.muli(momentum).addi(increment));
        } else {
            w.subi(increment);
        }
    }
}
