package io.jkeras.backend;

import java.util.List;

/**
 * A layer without weights whose every output value is one input value or zero: ZeroPadding2D,
 * Cropping2D, UpSampling2D, RepeatVector, Permute, and the slices of a multi-output call ({@link SliceSpec}).
 * {@link #sourceIndices()} says where each
 * output value comes from, so a backend can run all of them as one gather (forward) and one
 * scatter-add (backward); a backend may also map each kind to a layer of its own.
 */
public sealed interface GatherSpec extends LayerSpec permits PadCropSpec, UpSamplingSpec, RepeatVectorSpec, PermuteSpec,
        SliceSpec {

    /**
     * For each output position of one sample (row-major), the row-major input position it copies,
     * or {@code -1} where the output is zero (padding). Several outputs may copy one input
     * (UpSampling2D, RepeatVector); the input's gradient is then the sum of theirs.
     */
    int[] sourceIndices();

    @Override
    default List<int[]> inputShapes() {
        return List.of(inputShape());
    }

    /** Row-major strides of a shape. */
    static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int n = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = n;
            n *= shape[i];
        }
        return s;
    }
}
