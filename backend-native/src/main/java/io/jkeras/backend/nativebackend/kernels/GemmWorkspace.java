package io.jkeras.backend.nativebackend.kernels;

/**
 * One thread's packing buffers for the matrix product, allocated on first use and kept, so that
 * steady-state products allocate nothing. Plain arrays only: this class must load without the
 * Vector API.
 */
final class GemmWorkspace {
    /** The calling threads' workspaces (pool workers own theirs). */
    static final ThreadLocal<GemmWorkspace> LOCAL = ThreadLocal.withInitial(GemmWorkspace::new);

    /** Scalar path: packed rows of op(B)'s current block, panel[p][j] = op(B)[pc + p][jc + j]. */
    private float[][] panel;
    /** Scalar path: the C row being accumulated. */
    private float[] acc;
    /** SIMD path: packed op(A) block, packed op(B) panel and one edge tile of C. */
    private float[] packA;
    private float[] packB;
    private float[] tile;

    float[][] panel() {
        if (panel == null) {
            panel = new float[NativeParameters.GEMM_BLOCK_K][NativeParameters.GEMM_BLOCK_N];
        }
        return panel;
    }

    float[] acc() {
        if (acc == null) {
            acc = new float[NativeParameters.GEMM_BLOCK_N];
        }
        return acc;
    }

    float[] packA(int size) {
        if (packA == null || packA.length < size) {
            packA = new float[size];
        }
        return packA;
    }

    float[] packB(int size) {
        if (packB == null || packB.length < size) {
            packB = new float[size];
        }
        return packB;
    }

    float[] tile(int size) {
        if (tile == null || tile.length < size) {
            tile = new float[size];
        }
        return tile;
    }
}
