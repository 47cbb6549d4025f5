package io.jkeras.samples;

import io.jkeras.Tensor;
import io.jkeras.backend.Backends;
import io.jkeras.ops.Ops;
import java.io.PrintStream;
import java.util.List;

/**
 * Tensor functions through the backend, as a Theano or {@code keras.ops} user tries them first:
 * adding two scalars, adding two matrices, a matrix product, the logistic function, a function
 * with several outputs, and a default argument (a Java overload standing in for it).
 */
public final class OpsSample implements Sample {

    @Override
    public String name() {
        return "ops";
    }

    @Override
    public String description() {
        return "keras.ops-style functions: scalars, matrices, matmul, logistic, several outputs, defaults";
    }

    /** {@code f(x, y) = x + y}. */
    static Tensor f(float x, float y) {
        return Ops.add(x, y);
    }

    /** {@code f(x)} with {@code y} defaulting to 1, as Theano's {@code In(y, value=1)}. */
    static Tensor f(float x) {
        return f(x, 1f);
    }

    /** The logistic function written out, {@code 1 / (1 + exp(-x))}. */
    static Tensor logistic(Tensor x) {
        return Ops.divide(1f, Ops.add(1f, Ops.exp(Ops.negative(x))));
    }

    /** The difference of two matrices, its absolute value and its square: three outputs at once. */
    static List<Tensor> diffs(Tensor a, Tensor b) {
        Tensor diff = Ops.subtract(a, b);
        return List.of(diff, Ops.abs(diff), Ops.square(diff));
    }

    @Override
    public SampleResult run(SampleContext ctx) {
        PrintStream out = ctx.out();
        SampleResult result = new SampleResult();
        out.println("Backend: " + Backends.current().name() + " on " + Backends.current().device());

        out.println();
        out.println("Adding two scalars: z = x + y");
        Tensor z = Ops.add(2f, 3f);
        out.println("Ops.add(2, 3) = " + Fmt.numpy(z));
        result.put("scalarSum", z.item());

        out.println();
        out.println("Adding two 3x4 matrices:");
        Tensor x = Tensor.of(new float[][] {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}});
        Tensor y = Tensor.of(new float[][] {{10, 20, 30, 40}, {50, 60, 70, 80}, {90, 100, 110, 120}});
        Tensor sum = Ops.add(x, y);
        out.println("x =\n" + Fmt.numpy(x));
        out.println("y =\n" + Fmt.numpy(y));
        out.println("Ops.add(x, y) =\n" + Fmt.numpy(sum));
        result.put("matrixSumCorner", sum.get(2, 3));

        out.println();
        out.println("Matrix product of x (3x4) and the transpose of y (4x3):");
        Tensor product = Ops.matmul(x, Ops.transpose(y));
        out.println("Ops.matmul(x, Ops.transpose(y)) =\n" + Fmt.numpy(product));
        result.put("matmul00", product.get(0, 0));

        out.println();
        out.println("The logistic function s(x) = 1 / (1 + exp(-x)) of [[0, 1], [2, 3]]:");
        Tensor m = Tensor.of(new float[][] {{0, 1}, {2, 3}});
        Tensor s1 = logistic(m);
        Tensor s2 = Ops.sigmoid(m);
        Tensor s3 = Ops.divide(Ops.add(1f, Ops.tanh(Ops.divide(m, 2f))), 2f);
        out.println("Ops.divide(1, Ops.add(1, Ops.exp(Ops.negative(x)))) =\n" + Fmt.numpy(s1));
        out.println("Ops.sigmoid(x) =\n" + Fmt.numpy(s2));
        out.println("(1 + tanh(x / 2)) / 2 =\n" + Fmt.numpy(s3));
        float gap = Ops.max(Ops.abs(Ops.subtract(s1, s2))).item();
        out.println("largest difference between the written-out logistic and Ops.sigmoid: " + Fmt.py(gap));
        result.put("logistic11", s1.get(1, 1)).put("logisticGap", gap)
                .put("tanhGap", Ops.max(Ops.abs(Ops.subtract(s3, s2))).item());

        out.println();
        out.println("Several outputs at once: diff = a - b, |diff|, diff ** 2");
        Tensor a = Tensor.of(new float[][] {{1, 1}, {1, 1}});
        Tensor b = Tensor.of(new float[][] {{0, 1}, {2, 3}});
        List<Tensor> outs = diffs(a, b);
        out.println("diff =\n" + Fmt.numpy(outs.get(0)));
        out.println("abs_diff =\n" + Fmt.numpy(outs.get(1)));
        out.println("diff_squared =\n" + Fmt.numpy(outs.get(2)));
        result.put("diffSquared11", outs.get(2).get(1, 1));

        out.println();
        out.println("A default value for an argument: f(x, y = 1) = x + y");
        out.println("f(33) = " + Fmt.numpy(f(33f)));
        out.println("f(33, 2) = " + Fmt.numpy(f(33f, 2f)));
        result.put("fDefault", f(33f).item()).put("fGiven", f(33f, 2f).item());
        return result;
    }
}
