package io.jkeras.backend;

import io.jkeras.activations.Activation;
import java.util.List;

/**
 * Keras's {@code SimpleRNN}, {@code LSTM} and {@code GRU} over a per-sample input
 * {@code (timesteps, features)}, the state starting at zero. With {@code k} gates ({@link Cell#gates()}),
 * the variables are Keras's: {@code kernel (features, k*units)}, {@code recurrent_kernel
 * (units, k*units)} and {@code bias (k*units,)} ({@code (2, 3*units)} for a GRU with
 * {@code resetAfter}: the input bias, then the recurrent one), the gates side by side in Keras's
 * order: LSTM {@code i, f, c, o}; GRU {@code z, r, h}. With {@code x_t} step {@code t} of the input:
 *
 * <ul>
 *   <li>SimpleRNN: {@code h = activation(x_t W + b + h U)}.</li>
 *   <li>LSTM: {@code [zi, zf, zc, zo] = x_t W + h U + b}; {@code c = ra(zf) c + ra(zi) activation(zc)};
 *       {@code h = ra(zo) activation(c)} ({@code ra} the recurrent activation).</li>
 *   <li>GRU, reset after: {@code [xz, xr, xh] = x_t W + b_in}, {@code [rz, rr, rh] = h U + b_rec};
 *       {@code z = ra(xz + rz)}, {@code r = ra(xr + rr)}, {@code hh = activation(xh + r rh)};
 *       {@code h = z h + (1 - z) hh}.</li>
 * </ul>
 *
 * <p>{@code goBackwards} reads the steps last to first (the sequence output stays in the order the
 * steps were processed, as in Keras). The output is the last {@code h} {@code (units,)}, or every
 * step's {@code (timesteps, units)} with {@code returnSequences}. While training, the dropout masks
 * multiply the step inputs and the state as {@link RecurrentDropout} describes.
 *
 * @param name the layer's name
 * @param cell which recurrence
 * @param inputShape {@code (timesteps, features)}
 * @param units the state size
 * @param activation the cell activation (tanh by default)
 * @param recurrentActivation the gates' activation (sigmoid by default); unused by SimpleRNN
 * @param useBias whether the layer has a bias
 * @param returnSequences whether the output is every step's state
 * @param goBackwards whether the steps are read in reverse
 * @param mask the mask arriving with the input, or {@code null}: a masked step keeps the previous
 *     state and output; the mask's source is then the layer's second input
 * @param zeroOutputForMask Keras's {@code zero_output_for_mask}: with a mask, a masked step's output
 *     is zeros instead of the previous output (the state is still kept), the last output included
 *     when that step is masked
 * @param dropout the dropout masks while training ({@link RecurrentDropout#NONE} for none)
 * @param returnState Keras's {@code return_state}: the call has several outputs, the output then
 *     the final state {@code h} (then the final cell {@code c} for an LSTM), which reach the
 *     backend packed ({@link SliceSpec}): per sample the output's values, then {@code h}, then
 *     {@code c}, so {@link #outputShape()} is {@code (size(output) + states * units,)}
 */
public record RecurrentSpec(String name, Cell cell, int[] inputShape, int units, Activation activation,
        Activation recurrentActivation, boolean useBias, boolean returnSequences, boolean goBackwards, MaskSpec mask,
        boolean zeroOutputForMask, RecurrentDropout dropout, boolean returnState)
        implements LayerSpec {

    /** The recurrences. */
    public enum Cell {
        /** Keras's {@code SimpleRNN}: one gate. */
        SIMPLE_RNN(1, "SimpleRNN"),
        /** Keras's {@code LSTM}: gates i, f, c, o. */
        LSTM(4, "LSTM"),
        /** Keras's {@code GRU} with {@code reset_after=True}: gates z, r, h. */
        GRU(3, "GRU");

        private final int gates;
        private final String className;

        Cell(int gates, String className) {
            this.gates = gates;
            this.className = className;
        }

        /** Blocks of {@code units} columns in the kernels. */
        public int gates() {
            return gates;
        }

        /** The Keras class name. */
        public String className() {
            return className;
        }
    }

    /** Copies the shape and checks it is {@code (timesteps, features)}. */
    public RecurrentSpec {
        inputShape = inputShape.clone();
        dropout = dropout == null ? RecurrentDropout.NONE : dropout;
        if (inputShape.length != 2) {
            throw new IllegalArgumentException(cell.className() + " '" + name + "' needs an input of rank 2 per sample"
                    + " (timesteps, features). Received: " + Shapes.withBatch(inputShape));
        }
        if (mask != null && mask.steps() != inputShape[0]) {
            throw new IllegalArgumentException(cell.className() + " '" + name + "' received a mask of " + mask.steps()
                    + " steps for an input of " + inputShape[0] + " steps " + Shapes.withBatch(inputShape));
        }
    }

    /** Without {@code zeroOutputForMask}, dropout and {@code returnState}. */
    public RecurrentSpec(String name, Cell cell, int[] inputShape, int units, Activation activation,
            Activation recurrentActivation, boolean useBias, boolean returnSequences, boolean goBackwards, MaskSpec mask) {
        this(name, cell, inputShape, units, activation, recurrentActivation, useBias, returnSequences, goBackwards, mask,
                false, RecurrentDropout.NONE, false);
    }

    /** Whether a masked step's output is zeros: {@code zeroOutputForMask} with a mask. */
    public boolean zeroesMaskedOutput() {
        return zeroOutputForMask && mask != null;
    }

    /** Floats of this layer's dropout masks for a batch ({@link RecurrentDropout#size}). */
    public int dropoutMaskSize(int batch) {
        return dropout.size(cell, batch, features(), units);
    }

    /** Fills {@code mask[offset, offset + dropoutMaskSize(batch))} with the dropout masks of a training step. */
    public void fillDropoutMasks(float[] mask, int offset, int batch, long step) {
        dropout.fill(mask, offset, cell, batch, features(), units, step);
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    /** Steps per sample. */
    public int timesteps() {
        return inputShape[0];
    }

    /** Features per step. */
    public int features() {
        return inputShape[1];
    }

    @Override
    public List<int[]> inputShapes() {
        return mask == null ? List.of(inputShape.clone()) : List.of(inputShape.clone(), mask.sourceShape());
    }

    @Override
    public int[] outputShape() {
        int[] out = sequenceOutputShape();
        return returnState ? new int[] {Shapes.size(out, name) + states() * units} : out;
    }

    /** The shape of the first output, Keras's {@code output}: {@code (units,)}, or {@code (timesteps, units)} with {@code returnSequences}. */
    public int[] sequenceOutputShape() {
        return returnSequences ? new int[] {timesteps(), units} : new int[] {units};
    }

    /** The final states the layer keeps: 2 for an LSTM ({@code h}, {@code c}), else 1 ({@code h}). */
    public int states() {
        return cell == Cell.LSTM ? 2 : 1;
    }

    @Override
    public List<VariableSpec> variables() {
        int width = cell.gates() * units;
        VariableSpec kernel = VariableSpec.trainable("kernel", new int[] {features(), width}, null);
        VariableSpec recurrent = VariableSpec.trainable("recurrent_kernel", new int[] {units, width}, null);
        if (!useBias) {
            return List.of(kernel, recurrent);
        }
        int[] bias = cell == Cell.GRU ? new int[] {2, width} : new int[] {width};
        return List.of(kernel, recurrent, VariableSpec.trainable("bias", bias, null));
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.recurrent(this);
    }
}
