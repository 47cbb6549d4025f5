package io.jkeras.backend.nativebackend.kernels;

/**
 * Run by {@code GemmTest} in a JVM started without {@code --add-modules jdk.incubator.vector}, and
 * in one started with it: computes a product large enough for the blocked kernel and prints which
 * path ran it.
 */
public final class KernelPathMain {
    private KernelPathMain() {
    }

    /** Prints {@code kernelPath=... simdAvailable=... correct=...}. */
    public static void main(String[] args) {
        int n = 96;
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        float[] c = new float[n * n];
        java.util.Arrays.fill(a, 1f);
        java.util.Arrays.fill(b, 0.5f);
        Gemm.gemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
        boolean correct = true;
        for (float v : c) {
            correct &= v == 0.5f * n;
        }
        System.out.println("kernelPath=" + Gemm.kernelPath() + " simdAvailable=" + Gemm.simdAvailable()
                + " correct=" + correct);
    }
}
