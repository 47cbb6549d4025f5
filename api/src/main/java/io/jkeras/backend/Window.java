package io.jkeras.backend;

/**
 * Where the windows of a convolution or a pooling fall on a channels-last input of one or two
 * spatial axes, as two-dimensional geometry: a one-dimensional input {@code (steps, channels)} is
 * an image of height 1, so a backend writes each kernel once, for two axes. Every per-sample
 * tensor is row-major {@code (height, width, channels)}.
 *
 * <p>Output position {@code (oy, ox)} reads input rows {@code oy * strideHeight - padTop + i * dilationHeight}
 * for {@code i < kernelHeight} (and the same for columns); positions outside the input are padding.
 *
 * @param inHeight input rows (1 for one spatial axis)
 * @param inWidth input columns
 * @param channels input channels
 * @param kernelHeight window rows
 * @param kernelWidth window columns
 * @param strideHeight step between windows, in rows
 * @param strideWidth step between windows, in columns
 * @param dilationHeight step between the rows a window reads
 * @param dilationWidth step between the columns a window reads
 * @param outHeight output rows
 * @param outWidth output columns
 * @param padTop padding rows before the first input row
 * @param padLeft padding columns before the first input column
 */
public record Window(int inHeight, int inWidth, int channels, int kernelHeight, int kernelWidth, int strideHeight,
        int strideWidth, int dilationHeight, int dilationWidth, int outHeight, int outWidth, int padTop, int padLeft) {

    /**
     * The geometry for a per-sample input {@code (spatial..., channels)} with one or two spatial axes.
     *
     * @param inputShape the per-sample input shape, rank 2 or 3
     * @param kernel the window size per spatial axis
     * @param strides the step per spatial axis
     * @param dilation the dilation per spatial axis
     * @param padding valid or same
     * @throws IllegalArgumentException if the ranks disagree or a window does not fit
     */
    public static Window of(int[] inputShape, int[] kernel, int[] strides, int[] dilation, Padding padding) {
        int rank = kernel.length;
        if (rank < 1 || rank > 2 || inputShape.length != rank + 1 || strides.length != rank || dilation.length != rank) {
            throw new IllegalArgumentException("A window of " + rank + " spatial axes needs an input of rank " + (rank + 1)
                    + " per sample and as many strides and dilations. Received: input " + Shapes.withBatch(inputShape));
        }
        int[] in = rank == 2 ? new int[] {inputShape[0], inputShape[1]} : new int[] {1, inputShape[0]};
        int[] k = rank == 2 ? kernel : new int[] {1, kernel[0]};
        int[] s = rank == 2 ? strides : new int[] {1, strides[0]};
        int[] d = rank == 2 ? dilation : new int[] {1, dilation[0]};
        int outH = padding.outputLength(in[0], k[0], s[0], d[0]);
        int outW = padding.outputLength(in[1], k[1], s[1], d[1]);
        if (outH <= 0 || outW <= 0) {
            throw new IllegalArgumentException("The window does not fit in input " + Shapes.withBatch(inputShape));
        }
        return new Window(in[0], in[1], inputShape[rank], k[0], k[1], s[0], s[1], d[0], d[1], outH, outW,
                padding.padBefore(in[0], k[0], s[0], d[0]), padding.padBefore(in[1], k[1], s[1], d[1]));
    }

    /** Values per sample going in: {@code inHeight * inWidth * channels}. */
    public int inputSize() {
        return inHeight * inWidth * channels;
    }

    /** Output positions per sample: {@code outHeight * outWidth}. */
    public int outputPositions() {
        return outHeight * outWidth;
    }

    /** Values one window reads: {@code kernelHeight * kernelWidth * channels}. */
    public int patchSize() {
        return kernelHeight * kernelWidth * channels;
    }

    /** The per-sample output shape with {@code outChannels} channels, of the input's spatial rank. */
    public int[] outputShape(int spatialRank, int outChannels) {
        return spatialRank == 2 ? new int[] {outHeight, outWidth, outChannels} : new int[] {outWidth, outChannels};
    }
}
