package io.jkeras.bench.jmh;

import io.jkeras.backend.nativebackend.kernels.Gemm;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * {@link Gemm#gemm} against ND4J's {@code mmuli} (OpenBLAS) on 1024³ and on the products of a
 * 784-512-256-10 MLP with batch 128: the forward {@code X·W}, the kernel gradient
 * {@code dW = Xᵀ·dY} ({@code T.} shapes) and the input gradient {@code dX = dY·Wᵀ} ({@code .T}).
 * Divide {@code 2·m·n·k} by the time for GFLOP/s.
 */
public class GemmBenchmark extends JmhDefaults {

    /** {@code m×n×k}, then {@code T} where op(A) or op(B) is transposed: {@code NN}, {@code TN}, {@code NT}. */
    @Param({"1024x1024x1024NN",
            "128x512x784NN", "128x256x512NN", "128x10x256NN",
            "784x512x128TN", "512x256x128TN", "256x10x128TN",
            "128x784x512NT", "128x512x256NT", "128x256x10NT"})
    public String shape;

    private int m;
    private int n;
    private int k;
    private boolean transA;
    private boolean transB;
    private float[] a;
    private float[] b;
    private float[] c;
    private INDArray ndA;
    private INDArray ndB;
    private INDArray ndC;

    /** Parses the shape and fills the operands with random values. */
    @Setup
    public void setUp() {
        String[] sizes = shape.substring(0, shape.length() - 2).split("x");
        m = Integer.parseInt(sizes[0]);
        n = Integer.parseInt(sizes[1]);
        k = Integer.parseInt(sizes[2]);
        transA = shape.charAt(shape.length() - 2) == 'T';
        transB = shape.charAt(shape.length() - 1) == 'T';
        Random random = new Random(1);
        a = random(random, m * k);
        b = random(random, k * n);
        c = new float[m * n];
        ndA = Nd4j.create(a, transA ? new long[] {k, m} : new long[] {m, k}, DataType.FLOAT);
        ndB = Nd4j.create(b, transB ? new long[] {n, k} : new long[] {k, n}, DataType.FLOAT);
        ndC = Nd4j.create(DataType.FLOAT, m, n);
    }

    /** The native kernel. */
    @Benchmark
    public float[] nativeGemm() {
        Gemm.gemm(transA, transB, m, n, k, 1f, a, 0, transA ? m : k, b, 0, transB ? k : n, 0f, c, 0, n);
        return c;
    }

    /** ND4J: transposed views passed to {@code mmuli}, which hands the flags to BLAS sgemm. */
    @Benchmark
    public INDArray nd4jMmul() {
        INDArray left = transA ? ndA.transpose() : ndA;
        INDArray right = transB ? ndB.transpose() : ndB;
        return left.mmuli(right, ndC);
    }

    private static float[] random(Random random, int length) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = random.nextFloat() - 0.5f;
        }
        return x;
    }
}
