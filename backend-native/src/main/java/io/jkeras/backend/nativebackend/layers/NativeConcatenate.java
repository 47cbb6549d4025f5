package io.jkeras.backend.nativebackend.layers;

import io.jkeras.backend.ConcatenateSpec;

/**
 * Keras's {@code Concatenate(axis)}. Row-major, each sample is {@code outer} blocks in a row
 * (one per position of the axes before {@code axis}), and each block is input 0's block of
 * {@code block(0)} values, then input 1's, and so on ({@link ConcatenateSpec#outer()},
 * {@link ConcatenateSpec#block(int)}). Forward copies the blocks in; backward copies the
 * gradient's blocks back out to each input.
 */
public final class NativeConcatenate extends NativeLayer {
    private final int outer;
    private final int[] blocks;
    private final int outBlock;

    /** The layer for this specification. */
    public NativeConcatenate(ConcatenateSpec spec) {
        super(spec);
        this.outer = spec.outer();
        this.blocks = new int[spec.inputShapes().size()];
        int sum = 0;
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = spec.block(i);
            sum += blocks[i];
        }
        this.outBlock = sum;
    }

    @Override
    public void forward(float[][] in, float[] out, float[] scratch, int batch) {
        int rows = batch * outer;
        int offset = 0;
        for (int k = 0; k < blocks.length; k++) {
            int b = blocks[k];
            float[] src = in[k];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(src, r * b, out, r * outBlock + offset, b);
            }
            offset += b;
        }
    }

    @Override
    public void backward(float[][] in, float[] out, float[] scratch, float[] dOut, float[][] dIn, int batch,
            boolean accumulate) {
        int rows = batch * outer;
        int offset = 0;
        for (int k = 0; k < blocks.length; k++) {
            int b = blocks[k];
            float[] dst = dIn[k];
            if (dst != null) {
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(dOut, r * outBlock + offset, dst, r * b, b);
                }
            }
            offset += b;
        }
    }
}
