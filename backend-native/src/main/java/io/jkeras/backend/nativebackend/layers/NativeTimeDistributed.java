package io.jkeras.backend.nativebackend.layers;

import io.jkeras.backend.TimeDistributedSpec;

/**
 * Keras's {@code TimeDistributed} ({@link TimeDistributedSpec}): the inner layer run on the batch's
 * {@code batch * steps} rows, which are the same row-major memory as {@code (batch, steps, ...)}, so
 * no value moves; the inner layer's variables are the wrapper's, and its backward pass sums their
 * gradients over every step of every sample.
 */
final class NativeTimeDistributed extends NativeLayer {
    private final NativeLayer inner;
    private final int steps;

    NativeTimeDistributed(TimeDistributedSpec spec) {
        this(spec, NativeLayer.of(spec.inner()));
    }

    private NativeTimeDistributed(TimeDistributedSpec spec, NativeLayer inner) {
        super(spec, inner.variables());
        this.inner = inner;
        this.steps = spec.steps();
    }

    @Override
    public int scratchSize(int batch) {
        return inner.scratchSize(batch * steps);
    }

    @Override
    public boolean aliasesInput() {
        return inner.aliasesInput();
    }

    @Override
    public void forward(float[][] in, float[] out, float[] scratch, int batch) {
        inner.forward(in, out, scratch, batch * steps);
    }

    @Override
    public void forwardTraining(float[][] in, float[] out, float[] scratch, int batch, long step) {
        inner.forwardTraining(in, out, scratch, batch * steps, step);
    }

    @Override
    public void backward(float[][] in, float[] out, float[] scratch, float[] dOut, float[][] dIn, int batch,
            boolean accumulate) {
        inner.backward(in, out, scratch, dOut, dIn, batch * steps, accumulate);
    }
}
