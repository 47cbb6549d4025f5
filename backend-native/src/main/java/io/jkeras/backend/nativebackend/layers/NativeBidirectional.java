package io.jkeras.backend.nativebackend.layers;

import io.jkeras.backend.BidirectionalSpec;
import io.jkeras.backend.BidirectionalSpec.MergeMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Keras's {@code Bidirectional} ({@link BidirectionalSpec}): two {@link NativeRecurrent} layers over
 * the same inputs, the backward output reversed in time when they return sequences, then merged.
 * Its variables are the two layers' own, forward first.
 *
 * <p>Scratch: the forward output {@code F}, the backward output {@code B} (in the order its steps
 * were processed), then a copy of each layer's scratch, kept for the backward pass: the layers work
 * on scratch of their own from index 0, so each one's is copied in after its forward pass and out
 * before its backward pass (a node's scratch must survive other nodes' passes in between).
 */
final class NativeBidirectional extends NativeLayer {
    private final NativeRecurrent forward;
    private final NativeRecurrent backward;
    private final MergeMode mode;
    private final boolean sequences;
    private final int steps;
    private final int units;
    private float[] forwardScratch = new float[0];
    private float[] backwardScratch = new float[0];

    NativeBidirectional(BidirectionalSpec spec) {
        this(spec, new NativeRecurrent(spec.forward()), new NativeRecurrent(spec.backward()));
    }

    private NativeBidirectional(BidirectionalSpec spec, NativeRecurrent forward, NativeRecurrent backward) {
        super(spec, join(forward, backward));
        this.forward = forward;
        this.backward = backward;
        this.mode = spec.mergeMode();
        this.sequences = spec.returnSequences();
        this.steps = sequences ? spec.forward().timesteps() : 1;
        this.units = spec.units();
    }

    private static List<NativeVariable> join(NativeRecurrent forward, NativeRecurrent backward) {
        List<NativeVariable> all = new ArrayList<>(forward.variables());
        all.addAll(backward.variables());
        return all;
    }

    /** One direction's output values per batch. */
    private int half(int batch) {
        return batch * forward.outputSize();
    }

    private int offForwardScratch(int batch) {
        return 2 * half(batch);
    }

    private int offBackwardScratch(int batch) {
        return offForwardScratch(batch) + forward.scratchSize(batch);
    }

    @Override
    public int scratchSize(int batch) {
        return offBackwardScratch(batch) + backward.scratchSize(batch);
    }

    /** The index in the backward output of step {@code t} of sample {@code i}'s values: reversed with sequences. */
    private int reversed(int i, int t) {
        return (i * steps + (sequences ? steps - 1 - t : t)) * units;
    }

    @Override
    public void forward(float[][] in, float[] out, float[] scratch, int batch) {
        merge(in, out, scratch, batch, -1);
    }

    /** Both directions in training mode: their dropout masks apply. */
    @Override
    public void forwardTraining(float[][] in, float[] out, float[] scratch, int batch, long step) {
        merge(in, out, scratch, batch, step);
    }

    /** Runs both directions (in training mode at {@code step}, or in inference for a negative step) and merges them. */
    private void merge(float[][] in, float[] out, float[] scratch, int batch, long step) {
        int n = half(batch);
        float[] f = new float[n];
        float[] b = new float[n];
        forwardScratch = run(forward, in, f, forwardScratch, batch, scratch, offForwardScratch(batch), step);
        backwardScratch = run(backward, in, b, backwardScratch, batch, scratch, offBackwardScratch(batch), step);
        System.arraycopy(f, 0, scratch, 0, n);
        System.arraycopy(b, 0, scratch, n, n);
        int width = mode == MergeMode.CONCAT ? 2 * units : units;
        for (int i = 0; i < batch; i++) {
            for (int t = 0; t < steps; t++) {
                int fo = (i * steps + t) * units;
                int bo = reversed(i, t);
                int o = (i * steps + t) * width;
                for (int j = 0; j < units; j++) {
                    float y = f[fo + j];
                    float yr = b[bo + j];
                    switch (mode) {
                        case CONCAT -> {
                            out[o + j] = y;
                            out[o + units + j] = yr;
                        }
                        case SUM -> out[o + j] = y + yr;
                        case MUL -> out[o + j] = y * yr;
                        case AVE -> out[o + j] = (y + yr) / 2f;
                    }
                }
            }
        }
    }

    /** Runs one direction on its own scratch (grown as needed, returned), then copies that scratch into ours. */
    private static float[] run(NativeRecurrent layer, float[][] in, float[] out, float[] own, int batch, float[] scratch,
            int offset, long step) {
        int size = layer.scratchSize(batch);
        float[] s = own.length >= size ? own : new float[size];
        if (step >= 0) {
            layer.forwardTraining(in, out, s, batch, step);
        } else {
            layer.forward(in, out, s, batch);
        }
        System.arraycopy(s, 0, scratch, offset, size);
        return s;
    }

    @Override
    public void backward(float[][] in, float[] out, float[] scratch, float[] dOut, float[][] dIn, int batch,
            boolean accumulate) {
        int n = half(batch);
        float[] gradF = new float[n];
        float[] gradB = new float[n];
        int width = mode == MergeMode.CONCAT ? 2 * units : units;
        for (int i = 0; i < batch; i++) {
            for (int t = 0; t < steps; t++) {
                int fo = (i * steps + t) * units;
                int bo = reversed(i, t);
                int o = (i * steps + t) * width;
                for (int j = 0; j < units; j++) {
                    float g = dOut[o + j];
                    float gf;
                    float gb;
                    switch (mode) {
                        case CONCAT -> {
                            gf = g;
                            gb = dOut[o + units + j];
                        }
                        case SUM -> {
                            gf = g;
                            gb = g;
                        }
                        case MUL -> {
                            gf = g * scratch[n + bo + j];
                            gb = g * scratch[fo + j];
                        }
                        default -> {
                            gf = g / 2f;
                            gb = g / 2f;
                        }
                    }
                    gradF[fo + j] = gf;
                    gradB[bo + j] = gb;
                }
            }
        }
        float[] f = java.util.Arrays.copyOfRange(scratch, 0, n);
        float[] b = java.util.Arrays.copyOfRange(scratch, n, 2 * n);
        float[] dx = dIn[0] == null ? null : new float[batch * inputSize()];
        float[][] backwardIn = dIn.clone();
        backwardIn[0] = dx;
        if (backwardIn.length > 1) {
            backwardIn[1] = null;
        }
        restore(forward, scratch, offForwardScratch(batch), forwardScratch, batch)
                .backward(in, f, forwardScratch, gradF, dIn, batch, accumulate);
        restore(backward, scratch, offBackwardScratch(batch), backwardScratch, batch)
                .backward(in, b, backwardScratch, gradB, backwardIn, batch, accumulate);
        if (dx != null) {
            float[] d = dIn[0];
            for (int k = 0; k < dx.length; k++) {
                d[k] += dx[k];
            }
        }
    }

    /** Copies a direction's scratch back from ours into its own array. */
    private static NativeRecurrent restore(NativeRecurrent layer, float[] scratch, int offset, float[] own, int batch) {
        System.arraycopy(scratch, offset, own, 0, layer.scratchSize(batch));
        return layer;
    }
}
