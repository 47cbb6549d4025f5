package io.jkeras.backend.dl4j.ops;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.BackendOps;
import io.jkeras.ops.Broadcast;
import java.util.Arrays;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@code keras.ops}-style functions computed by ND4J, in float32. Shapes are checked and
 * broadcast here with {@link Broadcast} (NumPy's rule) before ND4J sees the operands, so errors
 * read the same on every backend; zero-size tensors are answered here too, as ND4J's kernels do
 * not take them.
 */
public final class Dl4jOps implements BackendOps {
    private enum Reduce { SUM, MEAN, MAX, MIN }

    /** The name of each thread's scratch workspace. */
    static final String SCRATCH_ID = "jkeras-ops-scratch";

    /**
     * The largest scratch block a thread keeps between calls; a model's call estimated to need more
     * frees its thread's workspaces afterwards too.
     */
    public static final long SCRATCH_RETAINED_BYTES = 64L << 20;

    /**
     * Learns its size from the first call, then grows at the end of any call that did not fit
     * (that call's overflow is allocated outside it, as without a workspace).
     */
    private static final WorkspaceConfiguration SCRATCH = WorkspaceConfiguration.builder()
            .initialSize(0)
            .policyAllocation(AllocationPolicy.STRICT)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policySpill(SpillPolicy.REALLOCATE)
            .build();

    /** The functions; they hold no state. */
    public Dl4jOps() {
    }

    @Override
    public Tensor add(Tensor a, Tensor b) {
        return binary("add", a, b, INDArray::add);
    }

    @Override
    public Tensor subtract(Tensor a, Tensor b) {
        return binary("subtract", a, b, INDArray::sub);
    }

    @Override
    public Tensor multiply(Tensor a, Tensor b) {
        return binary("multiply", a, b, INDArray::mul);
    }

    @Override
    public Tensor divide(Tensor a, Tensor b) {
        return binary("divide", a, b, INDArray::div);
    }

    @Override
    public Tensor maximum(Tensor a, Tensor b) {
        return withNaNOf(binary("maximum", a, b, (x, y) -> Transforms.max(x, y, true)), a, b);
    }

    @Override
    public Tensor minimum(Tensor a, Tensor b) {
        return withNaNOf(binary("minimum", a, b, (x, y) -> Transforms.min(x, y, true)), a, b);
    }

    @Override
    public Tensor power(Tensor a, Tensor b) {
        return binary("power", a, b, (x, y) -> Transforms.pow(x, y, true));
    }

    @Override
    public Tensor matmul(Tensor a, Tensor b) {
        if (a.rank() == 0 || b.rank() == 0 || a.rank() > 2 || b.rank() > 2) {
            throw new KerasException("matmul takes tensors of rank 1 or 2. Received: x1.shape="
                    + Tensor.shapeToString(a.shape()) + " and x2.shape=" + Tensor.shapeToString(b.shape()) + ".");
        }
        int m = a.rank() == 1 ? 1 : a.dim(0);
        int k = a.dim(-1);
        int kb = b.dim(0);
        int n = b.rank() == 1 ? 1 : b.dim(1);
        if (k != kb) {
            throw new KerasException("Inner dimensions (`x1.shape[-1]` and `x2.shape[-2]`) must be equal, but received `x1.shape="
                    + Tensor.shapeToString(a.shape()) + "` and `x2.shape=" + Tensor.shapeToString(b.shape()) + "`.");
        }
        int[] outShape = a.rank() == 1 && b.rank() == 1 ? new int[0]
                : a.rank() == 1 ? new int[] {n} : b.rank() == 1 ? new int[] {m} : new int[] {m, n};
        if (m == 0 || n == 0 || k == 0) {
            return Tensor.zeros(outShape);
        }
        if (k == 1 && (m == 1 || n == 1)) {
            // An operand of one element: ND4J's mmul multiplies by it as a number, and its
            // muli(Number) turns a NaN into 1e-5. Each product is one multiplication; do it here.
            float[] x = a.data();
            float[] y = b.data();
            float[] out = new float[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    out[i * n + j] = x[i] * y[j];
                }
            }
            return Tensor.of(out, outShape);
        }
        return call("matmul", () -> {
            INDArray x = Nd4j.createUninitialized(DataType.FLOAT, new long[] {m, k}, 'c');
            Nd4jTensors.copyInto(a.data(), x);
            INDArray y = Nd4j.createUninitialized(DataType.FLOAT, new long[] {k, n}, 'c');
            Nd4jTensors.copyInto(b.data(), y);
            INDArray z = Nd4j.createUninitialized(DataType.FLOAT, new long[] {m, n}, 'c');
            x.mmuli(y, z);
            return Nd4jTensors.toTensor(z, outShape);
        });
    }

    @Override
    public Tensor transpose(Tensor x) {
        if (x.rank() < 2) {
            return x.copy();
        }
        if (x.rank() > 2) {
            throw new KerasException("transpose takes a tensor of rank at most 2. Received: shape "
                    + Tensor.shapeToString(x.shape()) + ".");
        }
        if (x.size() == 0) {
            return Tensor.zeros(x.dim(1), x.dim(0));
        }
        return call("transpose", () -> Nd4jTensors.toTensor(Nd4jTensors.toNd(x).transpose(), x.dim(1), x.dim(0)));
    }

    @Override
    public Tensor negative(Tensor x) {
        return unary("negative", x, INDArray::neg);
    }

    @Override
    public Tensor abs(Tensor x) {
        return unary("abs", x, a -> Transforms.abs(a, false));
    }

    @Override
    public Tensor square(Tensor x) {
        return unary("square", x, a -> a.mul(a));
    }

    @Override
    public Tensor sqrt(Tensor x) {
        return unary("sqrt", x, a -> Transforms.sqrt(a, false));
    }

    @Override
    public Tensor exp(Tensor x) {
        return unary("exp", x, a -> Transforms.exp(a, false));
    }

    @Override
    public Tensor log(Tensor x) {
        return unary("log", x, a -> Transforms.log(a, false));
    }

    @Override
    public Tensor tanh(Tensor x) {
        return unary("tanh", x, a -> Transforms.tanh(a, false));
    }

    @Override
    public Tensor sigmoid(Tensor x) {
        return unary("sigmoid", x, a -> Transforms.sigmoid(a, false));
    }

    @Override
    public Tensor relu(Tensor x) {
        return unary("relu", x, a -> Transforms.relu(a, false));
    }

    @Override
    public Tensor softmax(Tensor x, int axis) {
        if (x.rank() == 0) {
            Broadcast.normalizeAxis(axis, 0);
            return Tensor.scalar(1f);
        }
        int ax = Broadcast.normalizeAxis(axis, x.rank());
        if (x.size() == 0) {
            return Tensor.zeros(x.shape());
        }
        return call("softmax", () -> {
            INDArray a = Nd4jTensors.toNd(x);
            INDArray out = Nd4j.createUninitialized(DataType.FLOAT, a.shape());
            Nd4j.exec(new SoftMax(a, out, ax));
            return Nd4jTensors.toTensor(out, x.shape());
        });
    }

    @Override
    public Tensor sum(Tensor x, Integer axis, boolean keepdims) {
        return reduce(Reduce.SUM, x, axis, keepdims);
    }

    @Override
    public Tensor mean(Tensor x, Integer axis, boolean keepdims) {
        return reduce(Reduce.MEAN, x, axis, keepdims);
    }

    @Override
    public Tensor max(Tensor x, Integer axis, boolean keepdims) {
        return reduce(Reduce.MAX, x, axis, keepdims);
    }

    @Override
    public Tensor min(Tensor x, Integer axis, boolean keepdims) {
        return reduce(Reduce.MIN, x, axis, keepdims);
    }

    @Override
    public Tensor argmax(Tensor x, int axis) {
        if (x.rank() == 0) {
            Broadcast.normalizeAxis(axis, 0);
            return Tensor.scalar(0f);
        }
        int ax = Broadcast.normalizeAxis(axis, x.rank());
        int[] outShape = Broadcast.removeAxis(x.shape(), ax);
        if (x.size() == 0) {
            if (Tensor.zeros(outShape).size() > 0) {
                throw new KerasException("argmax of an empty axis: axis " + axis + " of shape "
                        + Tensor.shapeToString(x.shape()) + " has size 0.");
            }
            return Tensor.zeros(outShape);
        }
        Tensor r = call("argmax", () -> {
            INDArray idx = Nd4j.argMax(Nd4jTensors.toNd(x), ax);
            return Nd4jTensors.toTensor(idx.castTo(DataType.FLOAT), outShape);
        });
        // NumPy: the first NaN is the maximum.
        int[] nan = firstNaN(x, ax);
        for (int i = 0; nan != null && i < nan.length; i++) {
            if (nan[i] >= 0) {
                r.data()[i] = nan[i];
            }
        }
        return r;
    }

    @Override
    public Tensor clip(Tensor x, float min, float max) {
        Tensor r = unary("clip", x, a -> Transforms.min(Transforms.max(a, min, false), max, false));
        return withNaNOf(r, x, x);
    }

    // ------------------------------------------------------------------ helpers

    private static Tensor unary(String name, Tensor x, UnaryOperator<INDArray> f) {
        if (x.size() == 0) {
            return Tensor.zeros(x.shape());
        }
        return call(name, () -> Nd4jTensors.toTensor(f.apply(Nd4jTensors.toNd(x)), x.shape()));
    }

    /** Broadcasts both operands to the result's shape (NumPy's rule), then applies {@code f} elementwise. */
    private static Tensor binary(String name, Tensor a, Tensor b, BinaryOperator<INDArray> f) {
        int[] shape = Broadcast.shape(a.shape(), b.shape());
        Tensor probe = Tensor.zeros(shape);
        if (probe.size() == 0) {
            return probe;
        }
        return call(name, () -> {
            INDArray x = expand(Nd4jTensors.toNd(a), a.shape(), shape);
            INDArray y = expand(Nd4jTensors.toNd(b), b.shape(), shape);
            return Nd4jTensors.toTensor(f.apply(x, y), shape);
        });
    }

    /** The array repeated along its size-1 (or missing leading) axes up to {@code shape}; a new array. */
    private static INDArray expand(INDArray arr, int[] from, int[] shape) {
        long[] target = toLong(shape);
        if (Arrays.equals(from, shape)) {
            return arr;
        }
        long[] aligned = new long[shape.length];
        Arrays.fill(aligned, 1);
        for (int i = 0; i < from.length; i++) {
            aligned[shape.length - from.length + i] = from[i];
        }
        INDArray r = arr.reshape('c', aligned);
        if (shape.length == 0) {
            return r;
        }
        return r.broadcast(target).dup('c');
    }

    private static Tensor reduce(Reduce op, Tensor x, Integer axis, boolean keepdims) {
        int[] shape = x.shape();
        int[] outShape = Broadcast.reducedShape(shape, axis, keepdims);
        Integer ax = axis == null || shape.length == 0 ? null : Broadcast.normalizeAxis(axis, shape.length);
        int outSize = Tensor.zeros(outShape).size();
        boolean emptyLines = x.size() == 0;
        if (emptyLines) {
            if (outSize == 0) {
                return Tensor.zeros(outShape);
            }
            return switch (op) {
                case SUM -> Tensor.zeros(outShape);
                case MEAN -> Tensor.full(Float.NaN, outShape);
                default -> throw new KerasException("Cannot take the " + op.name().toLowerCase(java.util.Locale.ROOT)
                        + " of an empty axis: it has no identity. Received: shape " + Tensor.shapeToString(shape)
                        + ", axis=" + axis + ".");
            };
        }
        if (shape.length == 0) {
            return Tensor.of(new float[] {x.item()}, outShape);
        }
        final Integer dim = ax;
        final int[] resultShape = outShape;
        Tensor r = call(op.name().toLowerCase(java.util.Locale.ROOT), () -> {
            INDArray a = Nd4jTensors.toNd(x);
            if (dim == null) {
                Number v = switch (op) {
                    case SUM -> a.sumNumber();
                    case MEAN -> a.meanNumber();
                    case MAX -> a.maxNumber();
                    case MIN -> a.minNumber();
                };
                return Tensor.of(new float[] {v.floatValue()}, resultShape);
            }
            INDArray reduced = switch (op) {
                case SUM -> a.sum(false, dim);
                case MEAN -> a.mean(false, dim);
                case MAX -> a.max(false, dim);
                case MIN -> a.min(false, dim);
            };
            return Nd4jTensors.toTensor(reduced, resultShape);
        });
        // NumPy: a NaN makes its line's maximum and minimum NaN; ND4J skips it.
        int[] nan = op == Reduce.MAX || op == Reduce.MIN ? firstNaN(x, ax) : null;
        for (int i = 0; nan != null && i < nan.length; i++) {
            if (nan[i] >= 0) {
                r.data()[i] = Float.NaN;
            }
        }
        return r;
    }

    /**
     * For each line of {@code x} along {@code axis} (everything when {@code null}), in the order
     * of the reduced result, the index of its first NaN or -1; {@code null} when {@code x} has no NaN.
     */
    private static int[] firstNaN(Tensor x, Integer axis) {
        if (!hasNaN(x)) {
            return null;
        }
        int[] shape = x.shape();
        int n = axis == null ? x.size() : shape[axis];
        int inner = 1;
        for (int i = axis == null ? shape.length : axis + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        int outer = x.size() / Math.max(1, n * inner);
        int[] first = new int[outer * inner];
        float[] d = x.data();
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int found = -1;
                for (int j = 0; j < n && found < 0; j++) {
                    if (Float.isNaN(d[(o * n + j) * inner + i])) {
                        found = j;
                    }
                }
                first[o * inner + i] = found;
            }
        }
        return first;
    }

    /** {@code r} with NaN wherever either operand, broadcast to {@code r}'s shape, is NaN (NumPy's rule). */
    private static Tensor withNaNOf(Tensor r, Tensor a, Tensor b) {
        if (!hasNaN(a) && !hasNaN(b)) {
            return r;
        }
        int[] ia = Broadcast.indexMap(a.shape(), r.shape());
        int[] ib = Broadcast.indexMap(b.shape(), r.shape());
        float[] d = r.data();
        for (int i = 0; i < d.length; i++) {
            if (Float.isNaN(a.data()[ia[i]]) || Float.isNaN(b.data()[ib[i]])) {
                d[i] = Float.NaN;
            }
        }
        return r;
    }

    private static boolean hasNaN(Tensor t) {
        for (float v : t.data()) {
            if (Float.isNaN(v)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs an ND4J computation, turning ND4J's own exceptions into a {@link KerasException} naming the op.
     *
     * <p>The body runs in this thread's scratch workspace ({@link #SCRATCH}): every array it makes
     * comes from one block of off-heap memory that is reused by the next call instead of being
     * allocated, page-faulted in and freed again; for a 1024×1024 product that allocation cost a
     * third of the product's own time. Nothing made inside may outlive the call: results leave
     * as heap {@link Tensor}s, copied before the scope closes. A block grown past
     * {@link #SCRATCH_RETAINED_BYTES} by a large call is freed rather than kept.
     */
    private static Tensor call(String op, java.util.function.Supplier<Tensor> body) {
        MemoryWorkspace scratch = Nd4j.getWorkspaceManager().getAndActivateWorkspace(SCRATCH, SCRATCH_ID);
        try (scratch) {
            return body.get();
        } catch (KerasException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new KerasException("ops." + op + " failed in ND4J: " + e.getMessage(), e);
        } finally {
            if (scratch.getCurrentSize() > SCRATCH_RETAINED_BYTES) {
                Nd4j.getWorkspaceManager().destroyWorkspace(scratch);
            }
        }
    }


    private static long[] toLong(int[] shape) {
        long[] s = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            s[i] = shape[i];
        }
        return s;
    }
}
