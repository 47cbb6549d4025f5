package io.jkeras.backend.nativebackend.layers;

import io.jkeras.activations.Activation;
import io.jkeras.backend.RecurrentDropout;
import io.jkeras.backend.RecurrentSpec;
import io.jkeras.backend.RecurrentSpec.Cell;
import io.jkeras.backend.Shapes;
import io.jkeras.backend.nativebackend.kernels.FastMath;
import io.jkeras.backend.nativebackend.kernels.Gemm;
import java.util.Arrays;

/**
 * Keras's {@code SimpleRNN}, {@code LSTM} and {@code GRU} (formulas and layouts in
 * {@link RecurrentSpec}), kernels in Keras's layout: {@code kernel (F, G)}, {@code recurrent_kernel
 * (U, G)} with {@code G = gates * U}.
 *
 * <p>Forward: one product {@code x W} over every step of every sample (rows {@code (b, t)}, in time
 * order), then per processed step one product {@code h U} of the batch, accumulated onto that step's
 * rows (row stride {@code T * G}), and the gates elementwise. Scratch keeps, by input time
 * {@code t}, each step's gate activations {@code A}, its state {@code H}, the LSTM cell {@code C}
 * and the GRU recurrent candidate {@code rh = (h U + b_rec)_h}.
 *
 * <p>Backward through time: from the last processed step to the first, the gradient of the state
 * (from the output and the next step) gives the gates' pre-activation gradients, written over
 * {@code A}, and {@code dh_prev = dZ U^T} per step. Then one product each over every step gives
 * {@code dU = H_prev^T dZ} (SimpleRNN and LSTM: the states shifted by one step into a scratch copy,
 * zero before the first step; the GRU's recurrent gradient lives in a per-step buffer, so its
 * {@code dU} is summed per step), {@code dW = x^T dZ} and {@code dx = dZ W^T}.
 *
 * <p>Dropout while training ({@link RecurrentDropout}): the masks of the step are filled into scratch;
 * one input mask makes {@code x m} (every step) the left operand of the input product, one per gate
 * splits it into one product per gate's columns; the state masks likewise give {@code (h r_j) U_j}
 * per step (and then {@code dU} per step, not over every step at once). The backward pass multiplies the same masks into {@code dx}, {@code dh_prev} and the
 * kernels' left operands. Without dropout none of this runs.
 */
public final class NativeRecurrent extends NativeLayer {
    private final Cell cell;
    private final int steps;
    private final int features;
    private final int units;
    private final int width;
    private final Activation activation;
    private final Activation gateActivation;
    private final boolean returnSequences;
    private final boolean goBackwards;
    /** With returnState: values per sample of the first output, after which the packed output holds h (and c). */
    private final int stateOffset;
    private final NativeVariable kernel;
    private final NativeVariable recurrent;
    private final NativeVariable bias;
    private final io.jkeras.backend.MaskSpec mask;
    private final boolean zeroMasked;
    private final RecurrentSpec spec;
    /** Input masks (0, 1 or one per gate) and state masks (0, or one per gate) while training. */
    private final int inputMasks;
    private final int stateMasks;
    /** The activations' derivatives as {@code s0 + y (s1 + s2 y)} of the output y, or null (ReLU). */
    private final float[] slopeOf;
    private final float[] gateSlopeOf;

    /** A recurrent layer for this specification, with zero weights until they are set. */
    public NativeRecurrent(RecurrentSpec spec) {
        super(spec);
        this.cell = spec.cell();
        this.steps = spec.timesteps();
        this.features = spec.features();
        this.units = spec.units();
        this.width = cell.gates() * units;
        this.activation = spec.activation();
        this.gateActivation = spec.recurrentActivation();
        this.returnSequences = spec.returnSequences();
        this.goBackwards = spec.goBackwards();
        this.stateOffset = spec.returnState() ? Shapes.size(spec.sequenceOutputShape(), spec.name()) : -1;
        this.kernel = variables().get(0);
        this.recurrent = variables().get(1);
        this.bias = spec.useBias() ? variables().get(2) : null;
        this.mask = spec.mask();
        this.zeroMasked = spec.zeroesMaskedOutput();
        this.spec = spec;
        RecurrentDropout d = spec.dropout();
        this.inputMasks = d.inputMasks(cell);
        this.stateMasks = d.recurrentMasks(cell);
        this.slopeOf = slopePolynomial(activation);
        this.gateSlopeOf = slopePolynomial(gateActivation);
    }

    /**
     * {@link #slope}'s formula as the coefficients {@code s0, s1, s2} of {@code s0 + y (s1 + s2 y)}
     * (tanh {@code 1 - y²}, sigmoid {@code y (1 - y)}, linear 1, each to the same bits), or null for
     * ReLU; the LSTM's backward loop then needs no switch per value.
     */
    private static float[] slopePolynomial(Activation f) {
        return switch (f) {
            case TANH -> new float[] {1f, 0f, -1f};
            case SIGMOID -> new float[] {0f, 1f, -1f};
            case LINEAR -> new float[] {1f, 0f, 0f};
            default -> null;
        };
    }

    /** The input time of processed step {@code s}. */
    private int time(int s) {
        return goBackwards ? steps - 1 - s : s;
    }

    // Scratch layout: A (b*T*G) | H (b*T*U) | C, RH or H_prev (b*T*U) | step (b*G) | dh (b*U) | dc (b*U)
    // | M (b*T, with a mask: 1 for a kept step, 0 for a masked one)
    // | with dropout: a flag (1 while the masks apply) | the masks | x m (b*T*F, input masks) | h r and a
    // | gradient buffer (2*b*U, state masks).
    // The third part holds the LSTM's cell or the GRU's rh through the steps, and the previous states
    // H_prev for dU once they are done.
    private int offH(int batch) {
        return batch * steps * width;
    }

    private int offC(int batch) {
        return offH(batch) + batch * steps * units;
    }

    private int offStep(int batch) {
        return offC(batch) + batch * steps * units;
    }

    private int offDh(int batch) {
        return offStep(batch) + batch * width;
    }

    private int offMask(int batch) {
        return offDh(batch) + 2 * batch * units;
    }

    private int offDrop(int batch) {
        return offMask(batch) + (mask == null ? 0 : batch * steps);
    }

    private boolean hasDropout() {
        return inputMasks + stateMasks > 0;
    }

    /** The first input mask; state mask {@code j} of sample {@code i} is at {@code offStateMask + (j*b + i)*U}. */
    private int offInputMask(int batch) {
        return offDrop(batch) + 1;
    }

    private int offStateMask(int batch) {
        return offInputMask(batch) + inputMasks * batch * features;
    }

    private int offXm(int batch) {
        return offInputMask(batch) + spec.dropoutMaskSize(batch);
    }

    private int offHm(int batch) {
        return offXm(batch) + (inputMasks > 0 ? batch * steps * features : 0);
    }

    @Override
    public int scratchSize(int batch) {
        if (!hasDropout()) {
            return offDrop(batch);
        }
        return offHm(batch) + (stateMasks > 0 ? 2 * batch * units : 0);
    }

    /** Whether the dropout masks in scratch apply to this forward pass (set by the last forward call). */
    private boolean dropping(float[] s, int batch) {
        return hasDropout() && s[offDrop(batch)] != 0f;
    }

    /** {@code dst[(i*T + t)*F + f] = x[(i*T + t)*F + f] * m[i*F + f]}: input mask {@code j} over every step. */
    private void maskInput(float[] x, float[] s, int batch, int j, float[] dst, int dstOff) {
        int m0 = offInputMask(batch) + j * batch * features;
        for (int i = 0; i < batch; i++) {
            for (int t = 0; t < steps; t++) {
                int r = (i * steps + t) * features;
                for (int f = 0; f < features; f++) {
                    dst[dstOff + r + f] = x[r + f] * s[m0 + i * features + f];
                }
            }
        }
    }

    /** {@code hm[i*U + u] = H[i, tp, u] * r_j[i, u]}: state mask {@code j} on the state of input time {@code tp}. */
    private void maskState(float[] s, int batch, int tp, int j) {
        int h0 = offH(batch);
        int r0 = offStateMask(batch) + j * batch * units;
        int hm = offHm(batch);
        for (int i = 0; i < batch; i++) {
            for (int u = 0; u < units; u++) {
                s[hm + i * units + u] = s[h0 + i * steps * units + tp * units + u] * s[r0 + i * units + u];
            }
        }
    }

    /**
     * The recurrent product of a step with dropout, added to {@code dst}: {@code (h r_j) U_j} for each
     * gate {@code j} (there is a state mask per gate; SimpleRNN has one gate).
     */
    private void droppedRecurrentProduct(float[] s, int batch, int tp, float[] u, int dst, int ldDst) {
        int hm = offHm(batch);
        for (int j = 0; j < stateMasks; j++) {
            maskState(s, batch, tp, j);
            Gemm.gemm(false, false, batch, units, units, 1f, s, hm, units, u, j * units, width, 1f, s, dst + j * units,
                    ldDst);
        }
    }

    /**
     * The backward of {@link #droppedRecurrentProduct}: {@code dU_j += (h r_j)^T dR_j} and
     * {@code dh_prev += (dR_j U_j^T) r_j}.
     */
    private void droppedRecurrentBackward(float[] s, int batch, int tp, float[] u, float[] du, int dr, int ldR, int dh) {
        int hm = offHm(batch);
        int tmp = hm + batch * units;
        for (int j = 0; j < stateMasks; j++) {
            maskState(s, batch, tp, j);
            int c = j * units;
            Gemm.gemm(true, false, units, units, batch, 1f, s, hm, units, s, dr + c, ldR, 1f, du, c, width);
            Gemm.gemm(false, true, batch, units, units, 1f, s, dr + c, ldR, u, c, width, 0f, s, tmp, units);
            int r0 = offStateMask(batch) + j * batch * units;
            for (int k = 0; k < batch * units; k++) {
                s[dh + k] += s[tmp + k] * s[r0 + k];
            }
        }
    }

    /** Whether step {@code t} of sample {@code i} is kept (always, without a mask). */
    private static boolean kept(float[] s, int m0, int i, int steps, int t, boolean masked) {
        return !masked || s[m0 + i * steps + t] != 0f;
    }

    @Override
    public void forward(float[][] inputs, float[] out, float[] scratch, int batch) {
        run(inputs, out, scratch, batch, false);
    }

    @Override
    public void forwardTraining(float[][] inputs, float[] out, float[] scratch, int batch, long step) {
        if (hasDropout()) {
            spec.fillDropoutMasks(scratch, offInputMask(batch), batch, step);
        }
        run(inputs, out, scratch, batch, hasDropout());
    }

    private void run(float[][] inputs, float[] out, float[] scratch, int batch, boolean drop) {
        float[] x = inputs[0];
        float[] s = scratch;
        if (hasDropout()) {
            s[offDrop(batch)] = drop ? 1f : 0f;
        }
        int rows = batch * steps;
        int ldA = steps * width;
        int ldH = steps * units;
        int h0 = offH(batch);
        int c0 = offC(batch);
        int st = offStep(batch);
        float[] b = bias == null ? null : bias.value();
        int m0 = offMask(batch);
        boolean masked = mask != null;
        if (masked) {
            // The mask's source is the second input; its values are only read.
            mask.fill(inputs[1], batch, s, m0);
        }
        // A = x W (+ the input bias), every step at once.
        float beta = 0f;
        if (b != null) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(b, 0, s, r * width, width);
            }
            beta = 1f;
        }
        if (!drop || inputMasks == 0) {
            Gemm.gemm(false, false, rows, width, features, 1f, x, 0, features, kernel.value(), 0, width, beta, s, 0, width);
        } else if (inputMasks == 1) {
            maskInput(x, s, batch, 0, s, offXm(batch));
            Gemm.gemm(false, false, rows, width, features, 1f, s, offXm(batch), features, kernel.value(), 0, width, beta, s,
                    0, width);
        } else {
            // One input mask per gate: (x m_j) W_j into gate j's columns.
            for (int j = 0; j < inputMasks; j++) {
                maskInput(x, s, batch, j, s, offXm(batch));
                Gemm.gemm(false, false, rows, units, features, 1f, s, offXm(batch), features, kernel.value(), j * units,
                        width, beta, s, j * units, width);
            }
        }
        boolean dropState = drop && stateMasks > 0;
        float[] u = recurrent.value();
        for (int k = 0; k < steps; k++) {
            int t = time(k);
            int tp = k == 0 ? -1 : time(k - 1);
            if (cell == Cell.GRU) {
                // step = h_prev U + b_rec; its z and r parts join A, its h part is kept as rh.
                for (int i = 0; i < batch; i++) {
                    if (b != null) {
                        System.arraycopy(b, width, s, st + i * width, width);
                    } else {
                        Arrays.fill(s, st + i * width, st + (i + 1) * width, 0f);
                    }
                }
                if (tp >= 0 && dropState) {
                    droppedRecurrentProduct(s, batch, tp, u, st, width);
                } else if (tp >= 0) {
                    Gemm.gemm(false, false, batch, width, units, 1f, s, h0 + tp * units, ldH, u, 0, width, 1f, s, st, width);
                }
            } else if (tp >= 0 && dropState) {
                droppedRecurrentProduct(s, batch, tp, u, t * width, ldA);
            } else if (tp >= 0) {
                Gemm.gemm(false, false, batch, width, units, 1f, s, h0 + tp * units, ldH, u, 0, width, 1f, s, t * width, ldA);
            }
            for (int i = 0; i < batch; i++) {
                int a = i * ldA + t * width;
                int h = h0 + i * ldH + t * units;
                int hp = h0 + i * ldH + tp * units;
                int c = c0 + i * ldH + t * units;
                int cp = c0 + i * ldH + tp * units;
                // The activations run over whole gates at once (FastMath's array forms).
                switch (cell) {
                    case SIMPLE_RNN -> {
                        FastMath.apply(activation, s, a, units);
                        System.arraycopy(s, a, s, h, units);
                    }
                    case LSTM -> {
                        FastMath.apply(gateActivation, s, a, 2 * units);
                        FastMath.apply(activation, s, a + 2 * units, units);
                        FastMath.apply(gateActivation, s, a + 3 * units, units);
                        for (int j = 0; j < units; j++) {
                            s[c + j] = s[a + units + j] * (tp >= 0 ? s[cp + j] : 0f) + s[a + j] * s[a + 2 * units + j];
                        }
                        System.arraycopy(s, c, s, h, units);
                        FastMath.apply(activation, s, h, units);
                        for (int j = 0; j < units; j++) {
                            s[h + j] *= s[a + 3 * units + j];
                        }
                    }
                    case GRU -> {
                        int r0 = st + i * width;
                        for (int j = 0; j < 2 * units; j++) {
                            s[a + j] += s[r0 + j];
                        }
                        FastMath.apply(gateActivation, s, a, 2 * units);
                        for (int j = 0; j < units; j++) {
                            float rh = s[r0 + 2 * units + j];
                            s[a + 2 * units + j] += s[a + units + j] * rh;
                            s[c + j] = rh;
                        }
                        FastMath.apply(activation, s, a + 2 * units, units);
                        for (int j = 0; j < units; j++) {
                            float z = s[a + j];
                            s[h + j] = z * (tp >= 0 ? s[hp + j] : 0f) + (1f - z) * s[a + 2 * units + j];
                        }
                    }
                }
                if (!kept(s, m0, i, steps, t, masked)) {
                    // A masked step keeps the state (and so the output) of the step before.
                    for (int j = 0; j < units; j++) {
                        s[h + j] = tp >= 0 ? s[hp + j] : 0f;
                        if (cell == Cell.LSTM) {
                            s[c + j] = tp >= 0 ? s[cp + j] : 0f;
                        }
                    }
                }
            }
        }
        int ldOut = outputSize();
        for (int i = 0; i < batch; i++) {
            if (returnSequences) {
                for (int k = 0; k < steps; k++) {
                    copyOutput(s, h0 + i * ldH + time(k) * units, out, i * ldOut + k * units, m0, i, time(k));
                }
            } else {
                copyOutput(s, h0 + i * ldH + time(steps - 1) * units, out, i * ldOut, m0, i, time(steps - 1));
            }
            if (stateOffset >= 0) {
                // returnState: the final h, then the LSTM's final c, after the output (RecurrentSpec's packing).
                System.arraycopy(s, h0 + i * ldH + time(steps - 1) * units, out, i * ldOut + stateOffset, units);
                if (cell == Cell.LSTM) {
                    System.arraycopy(s, c0 + i * ldH + time(steps - 1) * units, out, i * ldOut + stateOffset + units, units);
                }
            }
        }
    }

    /** The output of step {@code t} of sample {@code i}: its state, or zeros at a masked step with {@code zeroOutputForMask}. */
    private void copyOutput(float[] s, int from, float[] out, int to, int m0, int i, int t) {
        if (zeroMasked && !kept(s, m0, i, steps, t, true)) {
            Arrays.fill(out, to, to + units, 0f);
        } else {
            System.arraycopy(s, from, out, to, units);
        }
    }

    @Override
    public void backward(float[][] inputs, float[] out, float[] scratch, float[] dOut, float[][] dIn, int batch,
            boolean accumulate) {
        float[] x = inputs[0];
        float[] s = scratch;
        int ldA = steps * width;
        int ldH = steps * units;
        int h0 = offH(batch);
        int c0 = offC(batch);
        int st = offStep(batch);
        int dh = offDh(batch);
        int dc = dh + batch * units;
        int m0 = offMask(batch);
        boolean masked = mask != null;
        boolean drop = dropping(s, batch);
        if (masked && dIn.length > 1 && dIn[1] != null) {
            Arrays.fill(dIn[1], 0, batch * inputSize(1), 0f);
        }
        if (!accumulate) {
            Arrays.fill(kernel.grad(), 0f);
            Arrays.fill(recurrent.grad(), 0f);
            if (bias != null) {
                Arrays.fill(bias.grad(), 0f);
            }
        }
        Arrays.fill(s, dh, dc + batch * units, 0f);
        int ldOut = outputSize();
        if (stateOffset >= 0) {
            // The final states' gradients start the recursion: dh (and the LSTM's dc) after the last step.
            for (int i = 0; i < batch; i++) {
                System.arraycopy(dOut, i * ldOut + stateOffset, s, dh + i * units, units);
                if (cell == Cell.LSTM) {
                    System.arraycopy(dOut, i * ldOut + stateOffset + units, s, dc + i * units, units);
                }
            }
        }
        float[] u = recurrent.value();
        float[] du = recurrent.grad();
        float[] db = bias == null ? null : bias.grad();
        for (int k = steps - 1; k >= 0; k--) {
            int t = time(k);
            int tp = k == 0 ? -1 : time(k - 1);
            for (int i = 0; i < batch; i++) {
                int a = i * ldA + t * width;
                int h = h0 + i * ldH + t * units;
                int hp = h0 + i * ldH + tp * units;
                int c = c0 + i * ldH + t * units;
                int cp = c0 + i * ldH + tp * units;
                int g = dh + i * units;
                int o = returnSequences ? i * ldOut + k * units : (k == steps - 1 ? i * ldOut : -1);
                if (zeroMasked && !kept(s, m0, i, steps, t, true)) {
                    // The output of this step was zeros: no gradient comes from it.
                    o = -1;
                }
                int tanhC = st + i * units;
                if (cell == Cell.LSTM) {
                    System.arraycopy(s, c, s, tanhC, units);
                    FastMath.apply(activation, s, tanhC, units);
                }
                if (!kept(s, m0, i, steps, t, masked)) {
                    // h = h_prev (and c = c_prev): the gradients pass to the step before, none to the gates.
                    for (int j = 0; j < units; j++) {
                        s[g + j] += o >= 0 ? dOut[o + j] : 0f;
                    }
                    Arrays.fill(s, a, a + width, 0f);
                    if (cell == Cell.GRU) {
                        Arrays.fill(s, st + i * width, st + (i + 1) * width, 0f);
                    }
                    continue;
                }
                if (cell == Cell.LSTM && slopeOf != null && gateSlopeOf != null) {
                    lstmGates(s, dOut, a, tanhC, g, dc + i * units, o, tp >= 0 ? cp : -1);
                    continue;
                }
                for (int j = 0; j < units; j++) {
                    float dH = s[g + j] + (o >= 0 ? dOut[o + j] : 0f);
                    float hPrev = tp >= 0 ? s[hp + j] : 0f;
                    // dh_prev gets dZ U^T below; the GRU's direct path z h_prev is set here.
                    s[g + j] = 0f;
                    switch (cell) {
                        case SIMPLE_RNN -> s[a + j] = dH * slope(activation, s[h + j]);
                        case LSTM -> {
                            float ig = s[a + j];
                            float fg = s[a + units + j];
                            float gg = s[a + 2 * units + j];
                            float og = s[a + 3 * units + j];
                            float tc = s[tanhC + j];
                            float dC = s[dc + i * units + j] + dH * og * slope(activation, tc);
                            s[a + j] = dC * gg * slope(gateActivation, ig);
                            s[a + units + j] = dC * (tp >= 0 ? s[cp + j] : 0f) * slope(gateActivation, fg);
                            s[a + 2 * units + j] = dC * ig * slope(activation, gg);
                            s[a + 3 * units + j] = dH * tc * slope(gateActivation, og);
                            s[dc + i * units + j] = dC * fg;
                        }
                        case GRU -> {
                            float z = s[a + j];
                            float r = s[a + units + j];
                            float hh = s[a + 2 * units + j];
                            float rh = s[c + j];
                            float dPre = dH * (1f - z) * slope(activation, hh);
                            float dz = dH * (hPrev - hh) * slope(gateActivation, z);
                            float dr = dPre * rh * slope(gateActivation, r);
                            int r0 = st + i * width;
                            s[a + j] = dz;
                            s[a + units + j] = dr;
                            s[a + 2 * units + j] = dPre;
                            s[r0 + j] = dz;
                            s[r0 + units + j] = dr;
                            s[r0 + 2 * units + j] = dPre * r;
                            s[g + j] = dH * z;
                        }
                    }
                }
            }
            // The recurrent side of the gates' gradient: A for SimpleRNN and LSTM, the step buffer for GRU.
            float[] dr = s;
            int drOff = cell == Cell.GRU ? st : t * width;
            int ldR = cell == Cell.GRU ? width : ldA;
            if (cell == Cell.GRU && db != null) {
                for (int i = 0; i < batch; i++) {
                    for (int j = 0; j < width; j++) {
                        db[width + j] += s[st + i * width + j];
                    }
                }
            }
            if (tp >= 0 && drop && stateMasks > 0) {
                droppedRecurrentBackward(s, batch, tp, u, du, drOff, ldR, dh);
            } else if (tp >= 0) {
                if (cell == Cell.GRU) {
                    Gemm.gemm(true, false, units, width, batch, 1f, s, h0 + tp * units, ldH, dr, drOff, ldR, 1f, du, 0,
                            width);
                }
                Gemm.gemm(false, true, batch, units, width, 1f, dr, drOff, ldR, u, 0, width, 1f, s, dh, units);
            }
        }
        int rows = batch * steps;
        if (cell != Cell.GRU && !(drop && stateMasks > 0)) {
            // dU = H_prev^T dZ over every step at once, H_prev (zero at the first step) over the cells.
            for (int i = 0; i < batch; i++) {
                for (int k = 0; k < steps; k++) {
                    int hs = c0 + i * ldH + time(k) * units;
                    if (k == 0) {
                        Arrays.fill(s, hs, hs + units, 0f);
                    } else {
                        System.arraycopy(s, h0 + i * ldH + time(k - 1) * units, s, hs, units);
                    }
                }
            }
            Gemm.gemm(true, false, units, width, rows, 1f, s, c0, units, s, 0, width, 1f, du, 0, width);
        }
        if (drop && inputMasks > 0) {
            droppedInputBackward(x, s, batch, dIn[0]);
        } else {
            Gemm.gemm(true, false, features, width, rows, 1f, x, 0, features, s, 0, width, 1f, kernel.grad(), 0, width);
        }
        if (db != null) {
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < width; j++) {
                    db[j] += s[r * width + j];
                }
            }
        }
        if (dIn[0] != null && !(drop && inputMasks > 0)) {
            Gemm.gemm(false, true, rows, features, width, 1f, s, 0, width, kernel.value(), 0, width, 0f, dIn[0], 0,
                    features);
        }
    }

    /**
     * The input side of the backward pass with input masks: {@code dW_j += (x m_j)^T dZ_j} and
     * {@code dx = sum_j (dZ_j W_j^T) m_j} (one block of all the columns with one mask).
     */
    private void droppedInputBackward(float[] x, float[] s, int batch, float[] dx) {
        int rows = batch * steps;
        int xm = offXm(batch);
        int cols = inputMasks == 1 ? width : units;
        if (dx != null) {
            Arrays.fill(dx, 0, rows * features, 0f);
        }
        for (int j = 0; j < inputMasks; j++) {
            int c = j * units;
            maskInput(x, s, batch, j, s, xm);
            Gemm.gemm(true, false, features, cols, rows, 1f, s, xm, features, s, c, width, 1f, kernel.grad(), c, width);
            if (dx != null) {
                // x m_j is spent: its buffer takes dZ_j W_j^T, masked into dx.
                Gemm.gemm(false, true, rows, features, cols, 1f, s, c, width, kernel.value(), c, width, 0f, s, xm, features);
                int m0 = offInputMask(batch) + j * batch * features;
                for (int i = 0; i < batch; i++) {
                    for (int t = 0; t < steps; t++) {
                        int r = (i * steps + t) * features;
                        for (int f = 0; f < features; f++) {
                            dx[r + f] += s[xm + r + f] * s[m0 + i * features + f];
                        }
                    }
                }
            }
        }
    }

    /**
     * One sample's LSTM step backward, the general loop's LSTM case without a switch per value:
     * the gate activations at {@code a} become their pre-activation gradients, the cell gradient
     * at {@code dcOff} passes to the step before, and the state gradient at {@code g} is cleared
     * (it gets {@code dZ U^T} next). {@code o} is the output gradient's row or -1, {@code cp} the
     * previous cell's or -1 at the first step.
     */
    private void lstmGates(float[] s, float[] dOut, int a, int tanhC, int g, int dcOff, int o, int cp) {
        float a0 = slopeOf[0];
        float a1 = slopeOf[1];
        float a2 = slopeOf[2];
        float g0 = gateSlopeOf[0];
        float g1 = gateSlopeOf[1];
        float g2 = gateSlopeOf[2];
        int f = a + units;
        int c = a + 2 * units;
        int q = a + 3 * units;
        for (int j = 0; j < units; j++) {
            float dH = s[g + j] + (o >= 0 ? dOut[o + j] : 0f);
            s[g + j] = 0f;
            float ig = s[a + j];
            float fg = s[f + j];
            float gg = s[c + j];
            float og = s[q + j];
            float tc = s[tanhC + j];
            float dC = s[dcOff + j] + dH * og * (a0 + tc * (a1 + a2 * tc));
            s[a + j] = dC * gg * (g0 + ig * (g1 + g2 * ig));
            s[f + j] = dC * (cp >= 0 ? s[cp + j] : 0f) * (g0 + fg * (g1 + g2 * fg));
            s[c + j] = dC * ig * (a0 + gg * (a1 + a2 * gg));
            s[q + j] = dH * tc * (g0 + og * (g1 + g2 * og));
            s[dcOff + j] = dC * fg;
        }
    }

    /** The derivative of the activation {@code f} at the input whose output is {@code y}. */
    private static float slope(Activation f, float y) {
        return switch (f) {
            case TANH -> 1f - y * y;
            case SIGMOID -> y * (1f - y);
            case RELU -> y > 0f ? 1f : 0f;
            case LINEAR -> 1f;
            default -> throw new IllegalStateException("No recurrent kernel for activation " + f);
        };
    }
}
