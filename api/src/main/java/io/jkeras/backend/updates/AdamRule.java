package io.jkeras.backend.updates;

import static io.jkeras.optimizers.Optimizer.oneMinus;

import io.jkeras.optimizers.Adam;

/**
 * Keras 3's Adam (and AdamW, which is Adam with weight decay). At step {@code t} (from 1):
 * {@code m += (g - m)(1 - beta1)}, {@code v += (g^2 - v)(1 - beta2)},
 * {@code alpha = lr sqrt(1 - beta2^t) / (1 - beta1^t)}, {@code w -= alpha m / (sqrt(v) + epsilon)};
 * with AMSGrad the last {@code v} is the running maximum {@code vHat = max(vHat, v)}.
 */
final class AdamRule extends UpdateRule {
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final float oneMinusBeta1;
    private final float oneMinusBeta2;
    private final float[][] m;
    private final float[][] v;
    private final float[][] vHat;
    private float alpha;

    AdamRule(Adam spec, int[] sizes) {
        super(spec, sizes);
        this.beta1 = spec.beta1();
        this.beta2 = spec.beta2();
        this.epsilon = spec.epsilon();
        this.oneMinusBeta1 = oneMinus(beta1);
        this.oneMinusBeta2 = oneMinus(beta2);
        this.m = newSlot("momentum", 0f);
        this.v = newSlot("velocity", 0f);
        this.vHat = spec.amsgrad() ? newSlot("velocity_hat", 0f) : null;
    }

    @Override
    protected void beginStep(float lr, long step) {
        float beta1Power = (float) Math.pow(beta1, step);
        float beta2Power = (float) Math.pow(beta2, step);
        alpha = lr * (float) Math.sqrt(1f - beta2Power) / (1f - beta1Power);
    }

    @Override
    protected void update(int variable, float[] w, float[] g, float divisor, float lr, int from, int to) {
        float[] ms = m[variable];
        float[] vs = v[variable];
        float c1 = oneMinusBeta1;
        float c2 = oneMinusBeta2;
        float a = alpha;
        float eps = epsilon;
        if (vHat == null) {
            for (int i = from; i < to; i++) {
                float gi = g[i] / divisor;
                float mi = ms[i] + (gi - ms[i]) * c1;
                float vi = vs[i] + (gi * gi - vs[i]) * c2;
                ms[i] = mi;
                vs[i] = vi;
                w[i] -= mi * a / (sqrt(vi) + eps);
            }
        } else {
            float[] hs = vHat[variable];
            for (int i = from; i < to; i++) {
                float gi = g[i] / divisor;
                float mi = ms[i] + (gi - ms[i]) * c1;
                float vi = vs[i] + (gi * gi - vs[i]) * c2;
                float hi = Math.max(hs[i], vi);
                ms[i] = mi;
                vs[i] = vi;
                hs[i] = hi;
                w[i] -= mi * a / (sqrt(hi) + eps);
            }
        }
    }
}
