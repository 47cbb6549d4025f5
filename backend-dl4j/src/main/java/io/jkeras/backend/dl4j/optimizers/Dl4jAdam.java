package io.jkeras.backend.dl4j.optimizers;

import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.Optimizer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Keras 3's Adam. At step {@code t} (from 1): {@code m += (g - m)(1 - beta1)},
 * {@code v += (g^2 - v)(1 - beta2)}, {@code alpha = lr sqrt(1 - beta2^t) / (1 - beta1^t)},
 * {@code w -= alpha m / (sqrt(v) + epsilon)}; with AMSGrad the last {@code v} is the running
 * maximum {@code vHat = max(vHat, v)}.
 */
public class Dl4jAdam extends Dl4jOptimizer {
    private final float beta1;
    private final float beta2;
    private final float oneMinusBeta1;
    private final float oneMinusBeta2;
    private final float epsilon;
    private final INDArray m;
    private final INDArray v;
    private final INDArray vHat;
    private final INDArray denominator;

    /** Adam over parameters of this shape. */
    public Dl4jAdam(Adam spec, long[] shape) {
        this(spec, spec.beta1(), spec.beta2(), spec.epsilon(), spec.amsgrad(), shape);
    }

    /** Adam with these hyper-parameters, following {@code spec}'s learning rate. */
    protected Dl4jAdam(Optimizer spec, float beta1, float beta2, float epsilon, boolean amsgrad, long[] shape) {
        super(spec, shape);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.oneMinusBeta1 = oneMinus(beta1);
        this.oneMinusBeta2 = oneMinus(beta2);
        this.epsilon = epsilon;
        this.m = zeros(shape);
        this.v = zeros(shape);
        this.vHat = amsgrad ? zeros(shape) : null;
        this.denominator = zeros(shape);
    }

    @Override
    protected void update(INDArray w, INDArray g, float lr, long step) {
        float beta1Power = (float) Math.pow(beta1, step);
        float beta2Power = (float) Math.pow(beta2, step);
        float alpha = lr * (float) Math.sqrt(1f - beta2Power) / (1f - beta1Power);
        m.addi(tmp.assign(g).subi(m).muli(oneMinusBeta1));
        v.addi(tmp.assign(g).muli(g).subi(v).muli(oneMinusBeta2));
        INDArray second = v;
        if (vHat != null) {
            Transforms.max(vHat, v, false);
            second = vHat;
        }
        Transforms.sqrt(denominator.assign(second), false).addi(epsilon);
        w.subi(tmp.assign(m).muli(alpha).divi(denominator));
    }
}
