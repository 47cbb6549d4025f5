package io.jkeras.backend.nativebackend.layers;

import io.jkeras.backend.MergeSpec;

/**
 * Keras's elementwise merge layers over {@code n} inputs of one shape, folded left as Keras
 * computes them: {@code Add} {@code ((a + b) + c)}, {@code Subtract} {@code a - b},
 * {@code Multiply} {@code ((a b) c)}, {@code Average} the running sum divided by {@code n},
 * {@code Maximum} / {@code Minimum} the running maximum / minimum.
 *
 * <p>Backward: Add passes {@code dOut} to every input; Subtract {@code dOut} and {@code -dOut};
 * Multiply {@code dOut} times the product of the other inputs; Average {@code dOut / n};
 * Maximum and Minimum send {@code dOut} to the first input equal to the result (the first of
 * tied inputs) and 0 to the others.
 */
public final class NativeMerge extends NativeLayer {
    private final MergeSpec.Op op;
    private final int size;

    /** The layer for this specification. */
    public NativeMerge(MergeSpec spec) {
        super(spec);
        this.op = spec.op();
        this.size = spec.size();
    }

    @Override
    public void forward(float[][] in, float[] out, float[] scratch, int batch) {
        int n = batch * size;
        float[] a = in[0];
        float[] b = in[1];
        switch (op) {
            case ADD, AVERAGE -> {
                for (int i = 0; i < n; i++) {
                    out[i] = a[i] + b[i];
                }
                for (int k = 2; k < in.length; k++) {
                    float[] c = in[k];
                    for (int i = 0; i < n; i++) {
                        out[i] += c[i];
                    }
                }
                if (op == MergeSpec.Op.AVERAGE) {
                    float count = in.length;
                    for (int i = 0; i < n; i++) {
                        out[i] /= count;
                    }
                }
            }
            case SUBTRACT -> {
                for (int i = 0; i < n; i++) {
                    out[i] = a[i] - b[i];
                }
            }
            case MULTIPLY -> {
                for (int i = 0; i < n; i++) {
                    out[i] = a[i] * b[i];
                }
                for (int k = 2; k < in.length; k++) {
                    float[] c = in[k];
                    for (int i = 0; i < n; i++) {
                        out[i] *= c[i];
                    }
                }
            }
            case MAXIMUM, MINIMUM -> {
                boolean max = op == MergeSpec.Op.MAXIMUM;
                System.arraycopy(a, 0, out, 0, n);
                for (int k = 1; k < in.length; k++) {
                    float[] c = in[k];
                    for (int i = 0; i < n; i++) {
                        out[i] = max ? Math.max(out[i], c[i]) : Math.min(out[i], c[i]);
                    }
                }
            }
            default -> throw new IllegalStateException("No merge " + op);
        }
    }

    @Override
    public void backward(float[][] in, float[] out, float[] scratch, float[] dOut, float[][] dIn, int batch,
            boolean accumulate) {
        int n = batch * size;
        switch (op) {
            case ADD -> {
                for (float[] d : dIn) {
                    if (d != null) {
                        System.arraycopy(dOut, 0, d, 0, n);
                    }
                }
            }
            case AVERAGE -> {
                float count = in.length;
                for (float[] d : dIn) {
                    if (d != null) {
                        for (int i = 0; i < n; i++) {
                            d[i] = dOut[i] / count;
                        }
                    }
                }
            }
            case SUBTRACT -> {
                if (dIn[0] != null) {
                    System.arraycopy(dOut, 0, dIn[0], 0, n);
                }
                if (dIn[1] != null) {
                    float[] d = dIn[1];
                    for (int i = 0; i < n; i++) {
                        d[i] = -dOut[i];
                    }
                }
            }
            case MULTIPLY -> {
                for (int k = 0; k < in.length; k++) {
                    float[] d = dIn[k];
                    if (d == null) {
                        continue;
                    }
                    for (int i = 0; i < n; i++) {
                        float g = dOut[i];
                        for (int j = 0; j < in.length; j++) {
                            if (j != k) {
                                g *= in[j][i];
                            }
                        }
                        d[i] = g;
                    }
                }
            }
            case MAXIMUM, MINIMUM -> {
                for (int i = 0; i < n; i++) {
                    boolean sent = false;
                    for (int k = 0; k < in.length; k++) {
                        boolean winner = !sent && in[k][i] == out[i];
                        sent |= winner;
                        if (dIn[k] != null) {
                            dIn[k][i] = winner ? dOut[i] : 0f;
                        }
                    }
                }
            }
            default -> throw new IllegalStateException("No merge " + op);
        }
    }
}
