package io.jkeras.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.BackendOps;
import org.junit.jupiter.api.Test;

/**
 * {@code keras.ops}-style functions: NumPy broadcasting, matrix products with rank-1 operands,
 * elementwise functions, softmax along any axis, reductions with {@code axis} and
 * {@code keepdims}, and the errors for shapes that do not fit. Values are worked out by hand;
 * tolerance {@code rtol = 1e-6, atol = 1e-7} unless stated.
 */
public abstract class OpsConformance extends ConformanceBase {
    private static final double RTOL = 1e-6;
    private static final double ATOL = 1e-7;

    private BackendOps ops() {
        return backend().ops();
    }

    private static final Tensor M23 = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);

    @Test
    void addBroadcastsLikeNumpy() {
        assertTensor(new int[] {2, 3}, new double[] {11, 22, 33, 14, 25, 36}, ops().add(M23, vector(10, 20, 30)), RTOL, ATOL,
                "(2, 3) + (3,)");
        assertTensor(new int[] {2, 3}, new double[] {11, 12, 13, 21, 22, 23},
                ops().add(column(10, 20), Tensor.of(new float[] {1, 2, 3}, 1, 3)), RTOL, ATOL, "(2, 1) + (1, 3)");
        assertTensor(new int[] {2, 3}, new double[] {1.5, 2.5, 3.5, 4.5, 5.5, 6.5}, ops().add(Tensor.scalar(0.5f), M23),
                RTOL, ATOL, "() + (2, 3)");
        assertTensor(new int[] {}, new double[] {5}, ops().add(Tensor.scalar(2), Tensor.scalar(3)), RTOL, ATOL, "() + ()");
        Tensor a3 = Tensor.of(new float[] {1, 2, 3, 4}, 2, 1, 2);
        assertTensor(new int[] {2, 3, 2}, new double[] {1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4},
                ops().add(a3, Tensor.zeros(3, 1)), RTOL, ATOL, "(2, 1, 2) + (3, 1)");
    }

    @Test
    void arithmeticFunctionsBroadcast() {
        Tensor row = vector(2, -1, 0.5);
        assertTensor(new int[] {2, 3}, new double[] {-1, 3, 2.5, 2, 6, 5.5}, ops().subtract(M23, row), RTOL, ATOL, "subtract");
        assertTensor(new int[] {2, 3}, new double[] {2, -2, 1.5, 8, -5, 3}, ops().multiply(M23, row), RTOL, ATOL, "multiply");
        assertTensor(new int[] {2, 3}, new double[] {0.5, -2, 6, 2, -5, 12}, ops().divide(M23, row), RTOL, ATOL, "divide");
        assertTensor(new int[] {2, 3}, new double[] {2, 2, 3, 4, 5, 6}, ops().maximum(M23, row), RTOL, ATOL, "maximum");
        assertTensor(new int[] {2, 3}, new double[] {1, -1, 0.5, 2, -1, 0.5}, ops().minimum(M23, row), RTOL, ATOL, "minimum");
        assertTensor(new int[] {2, 3}, new double[] {1, 0.5, Math.sqrt(3), 16, 0.2, Math.sqrt(6)}, ops().power(M23, row),
                RTOL, ATOL, "power");
    }

    @Test
    void incompatibleShapesNameBothShapes() {
        KerasException e = assertThrows(KerasException.class, () -> ops().add(M23, vector(1, 2)));
        assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("(2,)"), e.getMessage());
    }

    @Test
    void matmulFollowsNumpyForRankOneAndTwo() {
        Tensor b = Tensor.of(new float[] {1, 0, 0, 1, 2, -1}, 3, 2);
        assertTensor(new int[] {2, 2}, new double[] {7, -1, 16, -1}, ops().matmul(M23, b), RTOL, ATOL, "(2, 3) @ (3, 2)");
        assertTensor(new int[] {2}, new double[] {1 + 4 - 3, 4 + 10 - 6}, ops().matmul(M23, vector(1, 2, -1)), RTOL, ATOL,
                "(2, 3) @ (3,)");
        assertTensor(new int[] {3}, new double[] {9, 12, 15}, ops().matmul(vector(1, 2), M23), RTOL, ATOL, "(2,) @ (2, 3)");
        assertTensor(new int[] {}, new double[] {32}, ops().matmul(vector(1, 2, 3), vector(4, 5, 6)), RTOL, ATOL,
                "(3,) @ (3,)");
        KerasException e = assertThrows(KerasException.class, () -> ops().matmul(M23, M23));
        assertTrue(e.getMessage().contains("Inner dimensions") && e.getMessage().contains("(2, 3)"), e.getMessage());
    }

    @Test
    void matmulOfLargerMatricesMatchesTheNaiveProduct() {
        int m = 17;
        int k = 33;
        int n = 9;
        float[] a = pattern(m * k, 0.1, 1);
        float[] b = pattern(k * n, 0.7, 1);
        double[] expected = Reference.affine(a, m, k, b, null, n);
        assertTensor(new int[] {m, n}, expected, ops().matmul(Tensor.of(a, m, k), Tensor.of(b, k, n)), 1e-5, 1e-5,
                "(17, 33) @ (33, 9)");
    }

    @Test
    void matmulWithAOneElementOperandPropagatesNaN() {
        // (ND4J multiplies by a one-element matrix as by a number, and turns a NaN number into 1e-5.)
        Tensor nan = Tensor.of(new float[] {Float.NaN}, 1, 1);
        Tensor row = Tensor.of(new float[] {1, 2, 3}, 1, 3);
        Tensor col = Tensor.of(new float[] {1, 2, 3}, 3, 1);
        for (float v : ops().matmul(nan, row).data()) {
            assertTrue(Float.isNaN(v), "NaN (1, 1) @ (1, 3)");
        }
        for (float v : ops().matmul(col, nan).data()) {
            assertTrue(Float.isNaN(v), "(3, 1) @ NaN (1, 1)");
        }
        assertTrue(Float.isNaN(ops().matmul(vector(Float.NaN), vector(2)).item()), "NaN (1,) @ (1,)");
        assertTensor(new int[] {1, 3}, new double[] {2, 4, 6}, ops().matmul(Tensor.of(new float[] {2}, 1, 1), row), RTOL,
                ATOL, "(1, 1) @ (1, 3)");
        assertTensor(new int[] {3, 1}, new double[] {-1, -2, -3}, ops().matmul(col, Tensor.of(new float[] {-1}, 1, 1)),
                RTOL, ATOL, "(3, 1) @ (1, 1)");
        assertTensor(new int[] {2}, new double[] {3, 6}, ops().matmul(vector(3), Tensor.of(new float[] {1, 2}, 1, 2)),
                RTOL, ATOL, "(1,) @ (1, 2)");
    }

    @Test
    void transposeSwapsTheAxes() {
        assertTensor(new int[] {3, 2}, new double[] {1, 4, 2, 5, 3, 6}, ops().transpose(M23), RTOL, ATOL, "transpose");
        assertTensor(new int[] {3}, new double[] {1, 2, 3}, ops().transpose(vector(1, 2, 3)), RTOL, ATOL, "transpose of (3,)");
    }

    @Test
    void elementwiseFunctionsMatchTheirFormulas() {
        Tensor x = vector(-2, -0.5, 0.25, 3);
        double[] v = {-2, -0.5, 0.25, 3};
        int[] s = {4};
        assertTensor(s, map(v, d -> -d), ops().negative(x), RTOL, ATOL, "negative");
        assertTensor(s, map(v, Math::abs), ops().abs(x), RTOL, ATOL, "abs");
        assertTensor(s, map(v, d -> d * d), ops().square(x), RTOL, ATOL, "square");
        assertTensor(s, map(v, Math::exp), ops().exp(x), RTOL, ATOL, "exp");
        assertTensor(s, map(v, Math::tanh), ops().tanh(x), RTOL, ATOL, "tanh");
        assertTensor(s, map(v, Reference::sigmoid), ops().sigmoid(x), RTOL, ATOL, "sigmoid");
        assertTensor(s, map(v, d -> Math.max(d, 0)), ops().relu(x), RTOL, ATOL, "relu");
        Tensor pos = vector(0.25, 1, 4, 9);
        assertTensor(s, new double[] {0.5, 1, 2, 3}, ops().sqrt(pos), RTOL, ATOL, "sqrt");
        assertTensor(s, new double[] {Math.log(0.25), 0, Math.log(4), Math.log(9)}, ops().log(pos), RTOL, ATOL, "log");
        assertTensor(s, new double[] {-1, -0.5, 0.25, 1}, ops().clip(x, -1, 1), RTOL, ATOL, "clip");
    }

    @Test
    void softmaxWorksAlongAnyAxisAndIsStable() {
        double e = Math.E;
        double[] lastAxis = {1 / (1 + e + e * e), e / (1 + e + e * e), e * e / (1 + e + e * e)};
        Tensor x = Tensor.of(new float[] {1, 2, 3, 1001, 1002, 1003}, 2, 3);
        double[] expectedLast = {lastAxis[0], lastAxis[1], lastAxis[2], lastAxis[0], lastAxis[1], lastAxis[2]};
        assertTensor(new int[] {2, 3}, expectedLast, ops().softmax(x, -1), 1e-6, 1e-7, "softmax over the last axis");
        Tensor cols = Tensor.of(new float[] {0, 1, 2, 0, 0, 2}, 2, 3);
        double p = 1 / (1 + e);
        assertTensor(new int[] {2, 3}, new double[] {0.5, p * e, 0.5, 0.5, p, 0.5}, ops().softmax(cols, 0), 1e-6, 1e-7,
                "softmax over axis 0");
    }

    @Test
    void reductionsHonourAxisAndKeepdims() {
        assertTensor(new int[] {}, new double[] {21}, ops().sum(M23, null, false), RTOL, ATOL, "sum");
        assertTensor(new int[] {1, 1}, new double[] {3.5}, ops().mean(M23, null, true), RTOL, ATOL, "mean keepdims");
        assertTensor(new int[] {3}, new double[] {5, 7, 9}, ops().sum(M23, 0, false), RTOL, ATOL, "sum axis 0");
        assertTensor(new int[] {2, 1}, new double[] {2, 5}, ops().mean(M23, -1, true), RTOL, ATOL, "mean axis -1");
        assertTensor(new int[] {2}, new double[] {3, 6}, ops().max(M23, 1, false), RTOL, ATOL, "max axis 1");
        assertTensor(new int[] {1, 3}, new double[] {1, 2, 3}, ops().min(M23, 0, true), RTOL, ATOL, "min axis 0");
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 2, 3, 2);
        assertTensor(new int[] {2, 2}, new double[] {9, 12, 27, 30}, ops().sum(t, 1, false), RTOL, ATOL, "sum of the middle axis");
        assertTensor(new int[] {2, 1, 2}, new double[] {5, 6, 11, 12}, ops().max(t, 1, true), RTOL, ATOL, "max of the middle axis");
        assertThrows(KerasException.class, () -> ops().sum(M23, 2, false));
    }

    @Test
    void argmaxGivesTheFirstLargestIndex() {
        Tensor x = Tensor.of(new float[] {1, 7, 7, 0, 9, -1, 3, 2}, 2, 4);
        assertTensor(new int[] {2}, new double[] {1, 0}, ops().argmax(x, -1), 0, 0, "argmax axis -1");
        assertTensor(new int[] {4}, new double[] {1, 0, 0, 1}, ops().argmax(x, 0), 0, 0, "argmax axis 0");
    }

    @Test
    void inputsAreNeverModified() {
        Tensor a = M23.copy();
        Tensor b = vector(1, 2, 3);
        ops().add(a, b);
        ops().softmax(a, -1);
        ops().exp(a);
        ops().clip(a, 0, 1);
        ops().sum(a, 0, false);
        ops().transpose(a);
        assertArrayEquals(M23.data(), a.data());
        assertArrayEquals(new float[] {1, 2, 3}, b.data());
    }

    private static double[] map(double[] v, java.util.function.DoubleUnaryOperator f) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = f.applyAsDouble(v[i]);
        }
        return out;
    }
}
