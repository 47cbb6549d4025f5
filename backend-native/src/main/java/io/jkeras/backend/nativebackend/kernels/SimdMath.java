package io.jkeras.backend.nativebackend.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FastMath}'s {@code sigmoid} and {@code tanh} over arrays with the Vector API (and relu's
 * backward select): the same formulas, a vector of lanes at a time, the leftover lanes by the scalar code. Loaded by name by
 * {@link FastMath} only when the {@code jdk.incubator.vector} module is present, as {@code SimdGemm}.
 * Rounding to the nearest integer is {@code (y + 1.5·2^23) − 1.5·2^23}, exact for {@code |y| < 2^22}.
 */
final class SimdMath implements FastMath.ArrayKernel {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int V = F.length();
    private static final float ROUND = 12_582_912f;

    @Override
    public void sigmoid(float[] x, int off, int n) {
        int i = 0;
        for (; i <= n - V; i += V) {
            FloatVector v = FloatVector.fromArray(F, x, off + i);
            FloatVector e = exp(v.neg());
            FloatVector.broadcast(F, 1f).div(e.add(1f)).intoArray(x, off + i);
        }
        for (; i < n; i++) {
            x[off + i] = FastMath.sigmoid(x[off + i]);
        }
    }

    @Override
    public void tanh(float[] x, int off, int n) {
        int i = 0;
        for (; i <= n - V; i += V) {
            FloatVector v = FloatVector.fromArray(F, x, off + i);
            FloatVector a = v.abs();
            FloatVector s = v.mul(v);
            FloatVector series = v.mul(s.fma(62f / 2835, -17f / 315).fma(s, c(2f / 15)).fma(s, c(-1f / 3)).fma(s, c(1f)));
            FloatVector t = exp(a.mul(-2f));
            FloatVector big = FloatVector.broadcast(F, 1f).sub(t).div(t.add(1f));
            big = big.blend(big.neg(), v.lt(0f));
            big.blend(series, a.lt(0.3f)).intoArray(x, off + i);
        }
        for (; i < n; i++) {
            x[off + i] = FastMath.tanh(x[off + i]);
        }
    }

    @Override
    public void reluBackward(float[] a, float[] da, float[] dz, int off, int n) {
        FloatVector zero = FloatVector.zero(F);
        int i = 0;
        for (; i <= n - V; i += V) {
            FloatVector g = FloatVector.fromArray(F, da, off + i);
            zero.blend(g, FloatVector.fromArray(F, a, off + i).compare(VectorOperators.GT, 0f)).intoArray(dz, off + i);
        }
        for (; i < n; i++) {
            dz[off + i] = a[off + i] > 0f ? da[off + i] : 0f;
        }
    }

    private static FloatVector c(float value) {
        return FloatVector.broadcast(F, value);
    }

    /**
     * {@link FastMath#exp} on each lane. {@code r = v·log2(e) + 1.5·2^23} holds the rounded
     * {@code n} in its low mantissa bits, so {@code 2^n}'s bits are {@code (bits(r) + 127) << 23}
     * (the shift drops the rest), with no float-to-int conversion (which JDK 17 does not compile
     * to vector instructions on AVX2).
     */
    private static FloatVector exp(FloatVector x) {
        FloatVector v = x.max(-87f).min(87f);
        FloatVector r = v.fma(1.44269504088896341f, ROUND);
        FloatVector n = r.sub(ROUND);
        FloatVector y = v.sub(n.mul(0.693145751953125f)).sub(n.mul(1.428606765330187e-6f));
        FloatVector p = y.fma(1f / 5040, 1f / 720).fma(y, c(1f / 120)).fma(y, c(1f / 24)).fma(y, c(1f / 6))
                .fma(y, c(1f / 2)).fma(y, c(1f)).fma(y, c(1f));
        IntVector bits = r.reinterpretAsInts().add(127).lanewise(VectorOperators.LSHL, 23);
        return p.mul(bits.reinterpretAsFloats());
    }
}
