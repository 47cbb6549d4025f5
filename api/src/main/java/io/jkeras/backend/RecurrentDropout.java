package io.jkeras.backend;

import io.jkeras.backend.RecurrentSpec.Cell;

/**
 * Keras's {@code dropout} and {@code recurrent_dropout} of a recurrent layer, while training: one
 * mask per sample for the step inputs and one for the state, drawn once per training step and the
 * same at every time step (Keras's {@code DropoutRNNCell} caches them for the whole sequence),
 * inverted ({@code 1 / (1 - rate)} where kept, 0 where dropped). Inference uses no mask.
 *
 * <p>Which values the masks multiply follows Keras 3's cells exactly:
 *
 * <ul>
 *   <li>SimpleRNN: {@code h = activation((x_t m) W + b + (h r) U)}.</li>
 *   <li>LSTM and GRU without {@code recurrent_dropout} (Keras's {@code implementation=2}): one input mask
 *       {@code m} multiplies {@code x_t} before every gate; the state is not dropped.</li>
 *   <li>LSTM and GRU with {@code recurrent_dropout} (Keras then switches to {@code implementation=1}):
 *       one input mask {@code m_j} and one state mask {@code r_j} per gate {@code j} (LSTM i, f, c, o;
 *       GRU z, r, h): gate {@code j}'s pre-activation is {@code (x_t m_j) W_j + (h r_j) U_j + b_j}
 *       (for the GRU's {@code h} gate: {@code (x_t m_h) W_h + b_h + r (h r_h U_h + b_rec_h)}); the GRU's
 *       {@code z h} term and the LSTM's cell use the undropped state.</li>
 * </ul>
 *
 * <p>The masks come from {@link DropoutMask}'s draw of {@code (seed, step)}, so every backend drops the
 * same values: positions {@code [0, inputMasks * batch * features)} are the input masks with
 * {@code rate}, laid out {@code (mask, sample, feature)}, and the next
 * {@code recurrentMasks * batch * units} positions the state masks with {@code recurrentRate},
 * {@code (mask, sample, unit)}. They are jkeras's own, not the ones Keras would draw.
 *
 * @param rate Keras's {@code dropout}, in {@code [0, 1)}
 * @param recurrentRate Keras's {@code recurrent_dropout}, in {@code [0, 1)}
 * @param seed the layer's seed for {@link DropoutMask}
 */
public record RecurrentDropout(float rate, float recurrentRate, long seed) implements java.io.Serializable {
    /** No dropout. */
    public static final RecurrentDropout NONE = new RecurrentDropout(0f, 0f, 0L);

    /** Checks the rates. */
    public RecurrentDropout {
        if (!(rate >= 0f && rate < 1f) || !(recurrentRate >= 0f && recurrentRate < 1f)) {
            throw new IllegalArgumentException("Recurrent dropout rates must be in [0, 1). Received: dropout=" + rate
                    + ", recurrent_dropout=" + recurrentRate);
        }
    }

    /** Whether anything is dropped while training. */
    public boolean active() {
        return rate > 0f || recurrentRate > 0f;
    }

    /** Whether each gate has its own masks (Keras's {@code implementation=1}: a recurrent dropout). */
    public boolean perGate() {
        return recurrentRate > 0f;
    }

    /** Input masks: none without {@code dropout}, one per gate with a recurrent dropout, else one. */
    public int inputMasks(Cell cell) {
        return rate == 0f ? 0 : perGate() ? cell.gates() : 1;
    }

    /** State masks: none without {@code recurrent_dropout}, else one per gate. */
    public int recurrentMasks(Cell cell) {
        return recurrentRate == 0f ? 0 : cell.gates();
    }

    /** Floats of every mask of a batch: the input masks, then the state masks. */
    public int size(Cell cell, int batch, int features, int units) {
        return inputMasks(cell) * batch * features + recurrentMasks(cell) * batch * units;
    }

    /**
     * Fills {@code mask[offset, offset + size(...))} with this layer's masks at a training step: the
     * input masks {@code (mask, sample, feature)}, then the state masks {@code (mask, sample, unit)}.
     */
    public void fill(float[] mask, int offset, Cell cell, int batch, int features, int units, long step) {
        int in = inputMasks(cell) * batch * features;
        DropoutMask.fill(mask, offset, in, seed, step, 0, rate);
        DropoutMask.fill(mask, offset + in, recurrentMasks(cell) * batch * units, seed, step, in, recurrentRate);
    }
}
