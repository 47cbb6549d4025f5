package io.jkeras.backend.nativebackend.kernels;

import io.jkeras.activations.Activation;

/**
 * Single-precision {@code exp}, {@code sigmoid} and {@code tanh} for the recurrent layers' gates,
 * within 3e-7 relative of the exact values (tested against {@code Math}), about 5× faster than
 * {@code (float) Math.tanh}, which on JDK 17 is the plain-Java fdlibm code.
 *
 * <p>{@code exp(x) = 2^n · 2^f} with {@code n} the nearest integer to {@code x·log2(e)} and
 * {@code |f| ≤ 1/2}: {@code 2^f = e^(f ln 2)} by its Taylor polynomial to degree 7 (remainder
 * below 1e-8), the exponent added to the float's bits.
 *
 * <p>The array forms run the Vector API's version ({@code SimdMath}, the same formulas, 8 or 16
 * lanes at a time) on the SIMD kernel path ({@link Gemm#simdAvailable()}), else these scalar ones.
 */
public final class FastMath {
    /** The in-place array forms of {@link #sigmoid} and {@link #tanh}. */
    interface ArrayKernel {
        void sigmoid(float[] x, int off, int n);

        void tanh(float[] x, int off, int n);

        /** {@code dz[i] = a[i] > 0 ? da[i] : 0} for i in [off, off + n): relu's backward pass from its output. */
        void reluBackward(float[] a, float[] da, float[] dz, int off, int n);
    }

    /** The scalar array forms. */
    static final ArrayKernel SCALAR = new ArrayKernel() {
        @Override
        public void sigmoid(float[] x, int off, int n) {
            for (int i = off; i < off + n; i++) {
                x[i] = FastMath.sigmoid(x[i]);
            }
        }

        @Override
        public void tanh(float[] x, int off, int n) {
            for (int i = off; i < off + n; i++) {
                x[i] = FastMath.tanh(x[i]);
            }
        }

        @Override
        public void reluBackward(float[] a, float[] da, float[] dz, int off, int n) {
            for (int i = off; i < off + n; i++) {
                dz[i] = a[i] > 0f ? da[i] : 0f;
            }
        }
    };

    /** The SIMD array forms, or null without the Vector API. */
    static final ArrayKernel SIMD = loadSimd();
    private static final ArrayKernel ACTIVE = SIMD != null ? SIMD : SCALAR;

    private static final float LOG2E = 1.44269504088896341f;
    /** Past this, {@code exp} overflows float32 (or underflows for the negative). */
    private static final float EXP_LIMIT = 87.0f;
    /** Below this magnitude {@code tanh} is its odd series to x^9 (next term under 2e-8 relative). */
    private static final float TANH_SERIES = 0.3f;

    private FastMath() {
    }

    private static ArrayKernel loadSimd() {
        if (!Gemm.simdAvailable()) {
            return null;
        }
        try {
            return Class.forName("io.jkeras.backend.nativebackend.kernels.SimdMath").asSubclass(ArrayKernel.class)
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    /**
     * {@code x[off, off + n) = f(x[off, off + n))} in place for the recurrent layers' activations:
     * tanh and sigmoid by this class, relu and linear exactly.
     *
     * @throws IllegalStateException for another activation
     */
    public static void apply(Activation f, float[] x, int off, int n) {
        switch (f) {
            case TANH -> ACTIVE.tanh(x, off, n);
            case SIGMOID -> ACTIVE.sigmoid(x, off, n);
            case RELU -> {
                for (int i = off; i < off + n; i++) {
                    x[i] = Math.max(x[i], 0f);
                }
            }
            case LINEAR -> {
            }
            default -> throw new IllegalStateException("No array kernel for activation " + f);
        }
    }

    /**
     * Relu's backward pass {@code dz[i] = a[i] > 0 ? da[i] : 0} over [off, off + n), on the SIMD path
     * a compare and blend per vector (the scalar select is a branch that mispredicts on half the values).
     */
    static void reluBackward(float[] a, float[] da, float[] dz, int off, int n) {
        ACTIVE.reluBackward(a, da, dz, off, n);
    }

    /** {@code e^x} for {@code |x| ≤ 87} (clamped beyond), within 3e-7 relative. */
    public static float exp(float x) {
        float v = Math.max(-EXP_LIMIT, Math.min(EXP_LIMIT, x));
        float n = (float) Math.floor(v * LOG2E + 0.5f);
        // f·ln2 = v − n·ln2, in two parts so the reduction loses nothing.
        float y = (v - n * 0.693145751953125f) - n * 1.428606765330187e-6f;
        float p = 1f + y * (1f + y * (1f / 2 + y * (1f / 6 + y * (1f / 24 + y * (1f / 120
                + y * (1f / 720 + y * (1f / 5040)))))));
        return p * Float.intBitsToFloat(((int) n + 127) << 23);
    }

    /** {@code 1 / (1 + e^-x)}. */
    public static float sigmoid(float x) {
        return 1f / (1f + exp(-x));
    }

    /** {@code tanh(x)}: the odd series near 0, else {@code (1 − e^-2|x|) / (1 + e^-2|x|)} with x's sign. */
    public static float tanh(float x) {
        float a = Math.abs(x);
        if (a < TANH_SERIES) {
            float s = x * x;
            return x * (1f + s * (-1f / 3 + s * (2f / 15 + s * (-17f / 315 + s * (62f / 2835)))));
        }
        float t = exp(-2f * a);
        return Math.copySign((1f - t) / (1f + t), x);
    }
}
