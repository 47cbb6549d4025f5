package io.jkeras.backend.nativebackend.optimizers;

import static io.jkeras.optimizers.Optimizer.oneMinus;

import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.Optimizer;

/**
 * Keras 3's Adam. At step {@code t} (from 1): {@code m += (g - m)(1 - beta1)},
 * {@code v += (g^2 - v)(1 - beta2)}, {@code alpha = lr sqrt(1 - beta2^t) / (1 - beta1^t)},
 * {@code w -= alpha m / (sqrt(v) + epsilon)}; with AMSGrad the last {@code v} is the running
 * maximum {@code vHat = max(vHat, v)}.
 */
public class NativeAdam extends NativeOptimizer {
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final float oneMinusBeta1;
    private final float oneMinusBeta2;
    private final float[][] m;
    private final float[][] v;
    private final float[][] vHat;
    private float alpha;

    /** Adam over variables of these sizes. */
    public NativeAdam(Adam spec, int[] sizes) {
        this(spec, spec.beta1(), spec.beta2(), spec.epsilon(), spec.amsgrad(), sizes);
    }

    /** Adam with these hyper-parameters, following {@code spec}'s learning rate. */
    protected NativeAdam(Optimizer spec, float beta1, float beta2, float epsilon, boolean amsgrad, int[] sizes) {
        super(spec);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.oneMinusBeta1 = oneMinus(beta1);
        this.oneMinusBeta2 = oneMinus(beta2);
        this.m = slots(sizes);
        this.v = slots(sizes);
        this.vHat = amsgrad ? slots(sizes) : null;
    }

    @Override
    protected void beginStep(float lr, long step) {
        float beta1Power = (float) Math.pow(beta1, step);
        float beta2Power = (float) Math.pow(beta2, step);
        alpha = lr * (float) Math.sqrt(1f - beta2Power) / (1f - beta1Power);
    }

    @Override
    protected void update(int slot, float[] w, float[] g, float lr) {
        float[] ms = m[slot];
        float[] vs = v[slot];
        float[] hs = vHat == null ? null : vHat[slot];
        float c1 = oneMinusBeta1;
        float c2 = oneMinusBeta2;
        int n = w.length;
        for (int i = 0; i < n; i++) {
            float gi = g[i];
            float mi = ms[i] + (gi - ms[i]) * c1;
            float vi = vs[i] + (gi * gi - vs[i]) * c2;
            ms[i] = mi;
            vs[i] = vi;
            if (hs != null) {
                vi = Math.max(hs[i], vi);
                hs[i] = vi;
            }
            w[i] -= (mi * alpha) / ((float) Math.sqrt(vi) + epsilon);
        }
    }
}
