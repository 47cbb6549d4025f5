package io.jkeras.backend.dl4j.optimizers;

import static io.jkeras.optimizers.Optimizer.oneMinus;

import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.Optimizer;

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
    private final float[] m;
    private final float[] v;
    private final float[] vHat;

    /** Adam over {@code size} parameters. */
    public Dl4jAdam(Adam spec, int size) {
        this(spec, spec.beta1(), spec.beta2(), spec.epsilon(), spec.amsgrad(), size);
    }

    /** Adam with these hyper-parameters, following {@code spec}'s learning rate. */
    protected Dl4jAdam(Optimizer spec, float beta1, float beta2, float epsilon, boolean amsgrad, int size) {
        super(spec, size);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.oneMinusBeta1 = oneMinus(beta1);
        this.oneMinusBeta2 = oneMinus(beta2);
        this.epsilon = epsilon;
        this.m = new float[size];
        this.v = new float[size];
        this.vHat = amsgrad ? new float[size] : null;
    }

    @Override
    protected void update(float[] w, float[] g, float divisor, float lr, long step) {
        float beta1Power = (float) Math.pow(beta1, step);
        float beta2Power = (float) Math.pow(beta2, step);
        float alpha = lr * (float) Math.sqrt(1f - beta2Power) / (1f - beta1Power);
        float c1 = oneMinusBeta1;
        float c2 = oneMinusBeta2;
        float eps = epsilon;
        float[] m = this.m;
        float[] v = this.v;
        if (vHat == null) {
            for (int i = 0; i < w.length; i++) {
                float gi = g[i] / divisor;
                float mi = m[i] + (gi - m[i]) * c1;
                float vi = v[i] + (gi * gi - v[i]) * c2;
                m[i] = mi;
                v[i] = vi;
                w[i] -= mi * alpha / (sqrt(vi) + eps);
            }
        } else {
            float[] vHat = this.vHat;
            for (int i = 0; i < w.length; i++) {
                float gi = g[i] / divisor;
                float mi = m[i] + (gi - m[i]) * c1;
                float vi = v[i] + (gi * gi - v[i]) * c2;
                float hi = Math.max(vHat[i], vi);
                m[i] = mi;
                v[i] = vi;
                vHat[i] = hi;
                w[i] -= mi * alpha / (sqrt(hi) + eps);
            }
        }
    }
}
