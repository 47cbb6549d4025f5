package io.jkeras.backend.dl4j.layers;

import io.jkeras.activations.Activation;
import io.jkeras.backend.RecurrentSpec.Cell;
import io.jkeras.backend.dl4j.ops.Nd4jTensors;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Runs a {@link Dl4jRecurrentLayer}: Keras's recurrences ({@code RecurrentSpec}) over ND4J.
 * Forward, per processed step: {@code x_t W} and {@code h U} into the step's pre-activations, then
 * the gates; each step's gate activations, state, LSTM cell (and its {@code tanh}) and GRU recurrent
 * candidate are kept for the backward pass. Backward through time: from the last processed step to
 * the first, the state's gradient gives the gates' pre-activation gradients, {@code dU += h_prev^T dZ},
 * {@code dh_prev = dZ U^T}, {@code dW += x_t^T dZ} and {@code dx_t = dZ W^T}. The same algorithm as
 * the native backend's {@code NativeRecurrent}, which the conformance suite checks both against Keras.
 *
 * <p>Speed (docs/benchmarks.md, "The dl4j facade's LSTM against raw DL4J"): the arrays of a batch
 * size ({@link Scratch}) are made once, outside DL4J's workspaces, and reused by every call with
 * that batch size; the inputs lie time-major and each step's gates are a column-major
 * {@code (batch, G)} block, so that every gate's columns are contiguous for ND4J's elementwise ops;
 * every product goes through {@link Nd4j#gemm} into an existing array (ND4J's {@code mmul} computes
 * into a new column-major array and copies it back, 20 times slower for {@code x W} over every step),
 * the bias gradients are products with a row of ones (ND4J's column sum was as slow), and the
 * per-step views are made once. No array is allocated per step without dropout or a mask.
 *
 * <p>While training with dropout ({@code RecurrentDropout}), the masks of the step the model set
 * ({@link #setStep}) are drawn by the spec on the heap, as the native backend draws them: the input
 * masks multiply {@code x} before the input product (one product per gate's columns with a mask per
 * gate), the state masks {@code h_prev} before each gate's recurrent product, and the backward pass
 * multiplies the same masks into {@code dx}, {@code dh_prev} and the kernels' left operands.
 */
final class Dl4jRecurrentImpl extends BaseLayer<Dl4jRecurrentLayer> {
    private Scratch s;
    /** With a mask: 1 for each kept step, 0 for each masked one, per input step a {@code (batch, 1)} column; else null. */
    private INDArray[] kept;
    /** While a training pass drops: each input mask over every step {@code (timesteps * batch, features)}; else null. */
    private INDArray[] inputMasks;
    /** While a training pass drops: each state mask {@code (batch, units)}; else null. */
    private INDArray[] stateMasks;
    private long step;

    Dl4jRecurrentImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private Dl4jRecurrentLayer spec() {
        return layerConf();
    }

    /** The training step (from 0) whose dropout masks the next training forward pass uses. */
    void setStep(long step) {
        this.step = step;
    }

    private int time(int k) {
        return spec().goBackwards() ? spec().steps() - 1 - k : k;
    }

    /** Columns {@code [j * units, (j + 1) * units)} of a {@code (rows, G)} array (a batch, a kernel): gate {@code j}; a view. */
    private INDArray gate(INDArray a, int j) {
        int u = spec().units();
        return a.get(NDArrayIndex.all(), NDArrayIndex.interval((long) j * u, (long) (j + 1) * u));
    }

    private static INDArray rows(INDArray a, long from, long to) {
        return a.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }

    /**
     * The arrays of one batch size, kept between calls: the time-major inputs, every step's gates
     * (pre-activations, then activations in place), states, LSTM cells and their {@code tanh}, GRU
     * recurrent candidates, and per-step views of them; the backward pass's arrays on its first use.
     */
    private final class Scratch {
        final long batch;
        /** {@code (timesteps * batch, features)}: input step {@code t} of sample {@code i} at row {@code t * batch + i}. */
        final INDArray x;
        /** Per input step: its rows of {@link #x}. */
        final INDArray[] xAt;
        /**
         * Per input step {@code t}: its pre-activations, then gates, {@code (batch, G)} column-major, so
         * that each gate's columns ({@link #gateAt}), and the LSTM's i and f together, are contiguous.
         */
        final INDArray[] zAt;
        final INDArray[][] gateAt;
        /** Per input step: the columns of the first two gates (LSTM i f, GRU z r). */
        final INDArray[] firstTwoAt;
        /** Per processed step {@code k}: the state, the LSTM cell, its {@code tanh}, the GRU's {@code h U_h + b_h}; {@code (batch, units)}. */
        final INDArray[] h;
        final INDArray[] c;
        final INDArray[] tc;
        final INDArray[] rh;
        /** The GRU's {@code h U + b_rec} of the current step {@code (batch, G)}, its z and r columns, its h columns. */
        final INDArray rec;
        final INDArray recZr;
        final INDArray recH;
        final INDArray tmp;
        final INDArray tmp2;
        long bytes;
        Backward back;

        Scratch(long batch) {
            Dl4jRecurrentLayer l = spec();
            int steps = l.steps();
            int units = l.units();
            int width = l.width();
            Cell cell = l.cell();
            this.batch = batch;
            x = create(steps * batch, l.features());
            xAt = new INDArray[steps];
            for (int t = 0; t < steps; t++) {
                xAt[t] = rows(x, t * batch, (t + 1) * batch);
            }
            zAt = perStep(steps, batch, width);
            gateAt = new INDArray[steps][cell.gates()];
            firstTwoAt = new INDArray[steps];
            for (int t = 0; t < steps; t++) {
                for (int j = 0; j < cell.gates(); j++) {
                    gateAt[t][j] = gate(zAt[t], j);
                }
                firstTwoAt[t] = cell.gates() < 2 ? null
                        : zAt[t].get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2L * units));
            }
            h = perStep(steps, batch, units);
            c = cell == Cell.LSTM ? perStep(steps, batch, units) : null;
            tc = cell == Cell.LSTM ? perStep(steps, batch, units) : null;
            rh = cell == Cell.GRU ? perStep(steps, batch, units) : null;
            rec = cell == Cell.GRU ? columnMajor(batch, width) : null;
            recZr = rec == null ? null : rec.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2L * units));
            recH = rec == null ? null : gate(rec, 2);
            tmp = columnMajor(batch, units);
            tmp2 = columnMajor(batch, units);
        }

        private INDArray create(long rows, long cols) {
            bytes += 4 * rows * cols;
            return Nd4j.create(DataType.FLOAT, new long[] {rows, cols}, 'c');
        }

        /** A column-major {@code (rows, cols)} array (a row-major {@code (cols, rows)} one, transposed). */
        private INDArray columnMajor(long rows, long cols) {
            return create(cols, rows).transpose();
        }

        /** One array of {@code steps} column-major {@code (batch, cols)} blocks, one per step. */
        private INDArray[] perStep(int steps, long batch, int cols) {
            INDArray all = create((long) steps * cols, batch);
            INDArray[] out = new INDArray[steps];
            for (int k = 0; k < steps; k++) {
                out[k] = rows(all, (long) k * cols, (long) (k + 1) * cols).transpose();
            }
            return out;
        }

        Backward back() {
            if (back == null) {
                back = new Backward();
            }
            return back;
        }

        /** The backward pass's arrays: the gates' gradients over every step, and one step's. */
        final class Backward {
            /** Per input step: its pre-activation gradients {@code (batch, G)}, column-major as the gates. */
            final INDArray[] dzAt;
            final INDArray[][] dGateAt;
            final INDArray dh;
            final INDArray dc;
            final INDArray dH;
            final INDArray dC;
            final INDArray t1;
            final INDArray t2;
            /** The GRU's gradient of {@code h U + b_rec}, {@code (batch, G)}, and of {@code b_rec} {@code (1, G)}. */
            final INDArray dRec;
            final INDArray dRecBias;
            /** A row of ones over a step's samples: the bias gradients' left operand. */
            final INDArray onesStep;
            /** {@code (timesteps * batch, features)}, time-major as {@link Scratch#x}, and its rows per input step. */
            final INDArray dx;
            final INDArray[] dxAt;

            Backward() {
                Dl4jRecurrentLayer l = spec();
                int steps = l.steps();
                int units = l.units();
                int width = l.width();
                dzAt = perStep(steps, batch, width);
                dGateAt = new INDArray[steps][l.cell().gates()];
                for (int t = 0; t < steps; t++) {
                    for (int j = 0; j < l.cell().gates(); j++) {
                        dGateAt[t][j] = gate(dzAt[t], j);
                    }
                }
                dh = columnMajor(batch, units);
                dc = columnMajor(batch, units);
                dH = columnMajor(batch, units);
                dC = columnMajor(batch, units);
                t1 = columnMajor(batch, units);
                t2 = columnMajor(batch, units);
                boolean gru = l.cell() == Cell.GRU;
                dRec = gru ? columnMajor(batch, width) : null;
                dRecBias = gru ? create(1, width) : null;
                onesStep = create(1, batch).assign(1);
                dx = create(steps * batch, l.features());
                dxAt = new INDArray[steps];
                for (int t = 0; t < steps; t++) {
                    dxAt[t] = rows(dx, t * batch, (t + 1) * batch);
                }
            }
        }
    }

    /** The arrays for this batch size, made when the size changes. */
    private Scratch scratch(long batch) {
        if (s == null || s.batch != batch) {
            s = null; // the old arrays can go before the new ones are made
            s = new Scratch(batch);
        }
        return s;
    }

    /**
     * Lets go of the arrays; the next call makes them again. The model decides when
     * ({@link Dl4jLayer#releaseScratch}), by the same rule as for its thread's workspaces.
     */
    void releaseScratch() {
        s = null;
    }

    /** The bytes of the arrays kept for the next call, 0 when none are. */
    long scratchBytes() {
        return s == null ? 0 : s.bytes;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray out;
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            out = forward(training);
        }
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, out, 'c');
    }

    /** Draws the masks of this step: the input masks repeated over the steps (time-major rows), and the state masks. */
    private void drawMasks(long batch) {
        Dl4jRecurrentLayer l = spec();
        int b = Math.toIntExact(batch);
        int f = l.features();
        int steps = l.steps();
        int units = l.units();
        float[] m = new float[l.spec().dropoutMaskSize(b)];
        l.spec().fillDropoutMasks(m, 0, b, step);
        int in = l.dropout().inputMasks(l.cell());
        inputMasks = new INDArray[in];
        for (int j = 0; j < in; j++) {
            float[] rows = new float[b * steps * f];
            for (int t = 0; t < steps; t++) {
                System.arraycopy(m, j * b * f, rows, t * b * f, b * f);
            }
            inputMasks[j] = Nd4j.create(rows, new long[] {batch * steps, f}, 'c');
        }
        int rec = l.dropout().recurrentMasks(l.cell());
        stateMasks = new INDArray[rec];
        for (int j = 0; j < rec; j++) {
            float[] r = java.util.Arrays.copyOfRange(m, in * b * f + j * b * units, in * b * f + (j + 1) * b * units);
            stateMasks[j] = Nd4j.create(r, new long[] {batch, units}, 'c');
        }
    }

    /** The inputs the kernel multiplies: {@code x}, or {@code x m} (one mask), or {@code x m_j} per gate, time-major. */
    private INDArray[] kernelInputs() {
        if (inputMasks == null || inputMasks.length == 0) {
            return new INDArray[] {s.x};
        }
        INDArray[] out = new INDArray[inputMasks.length];
        for (int j = 0; j < out.length; j++) {
            out[j] = s.x.mul(inputMasks[j]);
        }
        return out;
    }

    /** Rows of input step {@code t} of a time-major {@code (timesteps * batch, n)} array. */
    private INDArray stepRows(INDArray a, int t) {
        return rows(a, t * s.batch, (t + 1) * s.batch);
    }

    /** Input step {@code t}'s {@code z = x W}, or {@code (x m_j) W_j} per gate while dropping with a mask per gate. */
    private void inputProduct(INDArray[] xs, int t, INDArray w) {
        if (xs.length == 1) {
            Nd4j.gemm(xs[0] == s.x ? s.xAt[t] : stepRows(xs[0], t), w, s.zAt[t], false, false, 1.0, 0.0);
            return;
        }
        for (int j = 0; j < xs.length; j++) {
            Nd4j.gemm(stepRows(xs[j], t), gate(w, j), s.gateAt[t][j], false, false, 1.0, 0.0);
        }
    }

    /** Adds {@code h U} into {@code out} {@code (batch, G)}, with the state masks while dropping: {@code (h r_j) U_j} per gate. */
    private void addRecurrentProduct(INDArray h, INDArray u, INDArray out) {
        if (stateMasks == null || stateMasks.length == 0) {
            Nd4j.gemm(h, u, out, false, false, 1.0, 1.0);
            return;
        }
        for (int j = 0; j < stateMasks.length; j++) {
            gate(out, j).addi(h.mul(stateMasks[j]).mmul(gate(u, j)));
        }
    }

    private INDArray forward(boolean training) {
        Dl4jRecurrentLayer l = spec();
        int steps = l.steps();
        int units = l.units();
        long batch = input.size(0);
        Cell cell = l.cell();
        int f = l.features();
        long seqSize = (long) steps * f;
        scratch(batch);
        INDArray seq = l.mask() == null ? input : input.get(NDArrayIndex.all(), NDArrayIndex.interval(0, seqSize));
        // Time-major rows: x[t * batch + i] = input[i, t].
        s.x.reshape('c', steps, batch, f).assign(seq.dup('c').reshape('c', batch, steps, f).permute(1, 0, 2));
        kept = null;
        if (l.mask() != null) {
            float[] source = Nd4jTensors.toFloats(input.get(NDArrayIndex.all(),
                    NDArrayIndex.interval(seqSize, input.size(1))).dup('c'));
            float[] m = new float[Math.toIntExact(batch * steps)];
            l.mask().fill(source, (int) batch, m, 0);
            INDArray all = Nd4j.create(m, new long[] {batch, steps}, 'c');
            kept = new INDArray[steps];
            for (int t = 0; t < steps; t++) {
                kept[t] = all.get(NDArrayIndex.all(), NDArrayIndex.interval(t, t + 1)).dup('c');
            }
        }
        INDArray u = getParam(Dl4jRecurrentParams.RECURRENT);
        INDArray bias = l.useBias() ? getParam(Dl4jRecurrentParams.BIAS) : null;
        inputMasks = null;
        stateMasks = null;
        if (training && l.dropout().active()) {
            drawMasks(batch);
        }
        INDArray w = getParam(Dl4jRecurrentParams.KERNEL);
        INDArray[] xs = kernelInputs();
        INDArray inputBias = bias == null ? null : bias.getRow(0);
        Activation fa = l.cellActivation();
        Activation ra = l.gateActivation();
        for (int k = 0; k < steps; k++) {
            int t = time(k);
            INDArray z = s.zAt[t];
            INDArray[] g = s.gateAt[t];
            inputProduct(xs, t, w);
            if (inputBias != null) {
                z.addiRowVector(inputBias);
            }
            INDArray hp = k == 0 ? null : s.h[k - 1];
            INDArray h = s.h[k];
            switch (cell) {
                case SIMPLE_RNN -> {
                    if (hp != null) {
                        addRecurrentProduct(hp, u, z);
                    }
                    act(fa, z);
                    h.assign(z);
                }
                case LSTM -> {
                    if (hp != null) {
                        addRecurrentProduct(hp, u, z);
                    }
                    act(ra, s.firstTwoAt[t]);
                    act(fa, g[2]);
                    act(ra, g[3]);
                    INDArray c = s.c[k];
                    g[0].mul(g[2], c);
                    if (hp != null) {
                        c.addi(g[1].mul(s.c[k - 1], s.tmp));
                    }
                    act(fa, c, s.tc[k]);
                    g[3].mul(s.tc[k], h);
                }
                case GRU -> {
                    INDArray rec = s.rec;
                    rec.assign(0);
                    if (hp != null) {
                        addRecurrentProduct(hp, u, rec);
                    }
                    if (bias != null) {
                        rec.addiRowVector(bias.getRow(1));
                    }
                    INDArray zr = s.firstTwoAt[t];
                    zr.addi(s.recZr);
                    act(ra, zr);
                    INDArray rh = s.rh[k].assign(s.recH);
                    INDArray hh = g[2];
                    hh.addi(g[1].mul(rh, s.tmp));
                    act(fa, hh);
                    hh.mul(g[0].rsub(1.0, s.tmp), h);
                    if (hp != null) {
                        h.addi(g[0].mul(hp, s.tmp));
                    }
                }
            }
            if (kept != null) {
                // A masked step keeps the state (and so the output) of the step before.
                INDArray m = kept[t];
                INDArray drop = m.rsub(1.0);
                h.muliColumnVector(m);
                if (hp != null) {
                    h.addi(hp.mulColumnVector(drop));
                }
                if (cell == Cell.LSTM) {
                    s.c[k].muliColumnVector(m);
                    if (hp != null) {
                        s.c[k].addi(s.c[k - 1].mulColumnVector(drop));
                    }
                }
            }
        }
        INDArray out;
        if (!l.returnSequences()) {
            out = output(steps - 1);
        } else {
            out = Nd4j.create(DataType.FLOAT, batch, (long) steps * units);
            for (int k = 0; k < steps; k++) {
                out.get(NDArrayIndex.all(), NDArrayIndex.interval((long) k * units, (long) (k + 1) * units)).assign(output(k));
            }
        }
        if (!l.returnState()) {
            return out;
        }
        // returnState: the final h, then the LSTM's final c, after the output (RecurrentSpec's packing).
        return cell == Cell.LSTM ? Nd4j.hstack(out, s.h[steps - 1], s.c[steps - 1]) : Nd4j.hstack(out, s.h[steps - 1]);
    }

    /** The output of processed step {@code k}: its state, zeroed at masked steps with {@code zeroOutputForMask}. */
    private INDArray output(int k) {
        return spec().zeroOutputForMask() ? s.h[k].mulColumnVector(kept[time(k)]) : s.h[k];
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        INDArray dx;
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            dx = backward(epsilon);
        }
        Gradient g = new DefaultGradient();
        for (String key : conf.getLayer().initializer().paramKeys(conf.getLayer())) {
            g.gradientForVariable().put(key, gradientViews.get(key));
        }
        return new Pair<>(g, workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, dx, 'c'));
    }

    private INDArray backward(INDArray epsilon) {
        Dl4jRecurrentLayer l = spec();
        int steps = l.steps();
        int units = l.units();
        int width = l.width();
        long batch = s.batch;
        Cell cell = l.cell();
        Scratch.Backward b = s.back();
        INDArray dOut = epsilon.dup('c');
        INDArray u = getParam(Dl4jRecurrentParams.RECURRENT);
        INDArray du = gradientViews.get(Dl4jRecurrentParams.RECURRENT).assign(0);
        INDArray dh = b.dh.assign(0);
        INDArray dc = b.dc.assign(0);
        if (l.returnState()) {
            // The final states' gradients start the recursion: dh (and the LSTM's dc) after the last step.
            long first = l.returnSequences() ? (long) steps * units : units;
            dh.assign(dOut.get(NDArrayIndex.all(), NDArrayIndex.interval(first, first + units)));
            if (cell == Cell.LSTM) {
                dc.assign(dOut.get(NDArrayIndex.all(), NDArrayIndex.interval(first + units, first + 2L * units)));
            }
            dOut = dOut.get(NDArrayIndex.all(), NDArrayIndex.interval(0, first)).dup('c');
        }
        if (b.dRecBias != null) {
            b.dRecBias.assign(0);
        }
        INDArray w = getParam(Dl4jRecurrentParams.KERNEL);
        INDArray dw = gradientViews.get(Dl4jRecurrentParams.KERNEL).assign(0);
        INDArray db = l.useBias() ? gradientViews.get(Dl4jRecurrentParams.BIAS).assign(0) : null;
        INDArray dInputBias = db == null ? null : db.get(NDArrayIndex.interval(0, 1), NDArrayIndex.all());
        INDArray[] xs = kernelInputs();
        Activation f = l.cellActivation();
        Activation ra = l.gateActivation();
        INDArray t1 = b.t1;
        INDArray t2 = b.t2;
        for (int k = steps - 1; k >= 0; k--) {
            int t = time(k);
            INDArray dH = dh;
            INDArray dOutK = null;
            if (l.returnSequences()) {
                dOutK = dOut.get(NDArrayIndex.all(), NDArrayIndex.interval((long) k * units, (long) (k + 1) * units));
            } else if (k == steps - 1) {
                dOutK = dOut;
            }
            if (dOutK != null) {
                // A zeroed output passes no gradient.
                dH = dh.add(l.zeroOutputForMask() ? dOutK.mulColumnVector(kept[t]) : dOutK, b.dH);
            }
            INDArray hp = k == 0 ? null : s.h[k - 1];
            INDArray[] g = s.gateAt[t];
            INDArray[] dg = b.dGateAt[t];
            INDArray dz = b.dzAt[t];
            INDArray dx = b.dxAt[t];
            // A masked step passes its state's gradient to the step before, none to its gates.
            INDArray m = kept == null ? null : kept[t];
            INDArray carryH = null;
            INDArray carryC = null;
            if (m != null) {
                carryH = dH.mulColumnVector(m.rsub(1.0));
                dH.muliColumnVector(m);
                carryC = dc.mulColumnVector(m.rsub(1.0));
                dc.muliColumnVector(m);
            }
            INDArray dRec;
            INDArray direct = null;
            switch (cell) {
                case SIMPLE_RNN -> {
                    dH.mul(slope(f, s.h[k], t1), dz);
                    dRec = dz;
                }
                case LSTM -> {
                    INDArray tc = s.tc[k];
                    INDArray dC = dc.add(dH.mul(g[3], t2).muli(slope(f, tc, t1)), b.dC);
                    dC.mul(g[2], dg[0]).muli(slope(ra, g[0], t1));
                    if (hp != null) {
                        dC.mul(s.c[k - 1], dg[1]).muli(slope(ra, g[1], t1));
                    } else {
                        dg[1].assign(0);
                    }
                    dC.mul(g[0], dg[2]).muli(slope(f, g[2], t1));
                    dH.mul(tc, dg[3]).muli(slope(ra, g[3], t1));
                    dC.mul(g[1], dc);
                    if (carryC != null) {
                        dc.addi(carryC);
                    }
                    dRec = dz;
                }
                default -> {
                    INDArray zg = g[0];
                    INDArray hh = g[2];
                    INDArray dPre = dH.mul(zg.rsub(1.0, t1), dg[2]).muli(slope(f, hh, t1));
                    INDArray diff = hp == null ? hh.mul(-1.0, t2) : hp.sub(hh, t2);
                    dH.mul(diff, dg[0]).muli(slope(ra, zg, t1));
                    dPre.mul(s.rh[k], dg[1]).muli(slope(ra, g[1], t1));
                    dRec = b.dRec.assign(dz);
                    gate(dRec, 2).muli(g[1]);
                    Nd4j.gemm(b.onesStep, dRec, b.dRecBias, false, false, 1.0, 1.0);
                    direct = dH.mul(zg, t2);
                }
            }
            if (hp != null && stateMasks != null && stateMasks.length > 0) {
                // (h r_j) U_j per gate: dU_j += (h r_j)^T dR_j, dh_prev = sum_j (dR_j U_j^T) r_j.
                INDArray next = Nd4j.zeros(DataType.FLOAT, batch, units);
                for (int j = 0; j < stateMasks.length; j++) {
                    INDArray dRj = gate(dRec, j);
                    gate(du, j).addi(hp.mul(stateMasks[j]).transpose().mmul(dRj));
                    next.addi(dRj.mmul(gate(u, j).transpose()).muli(stateMasks[j]));
                }
                if (direct != null) {
                    next.addi(direct);
                }
                if (carryH != null) {
                    next.addi(carryH);
                }
                dh.assign(next);
            } else if (hp != null) {
                Nd4j.gemm(hp, dRec, du, true, false, 1.0, 1.0);
                Nd4j.gemm(dRec, u, dh, false, true, 1.0, 0.0);
                if (direct != null) {
                    dh.addi(direct);
                }
                if (carryH != null) {
                    dh.addi(carryH);
                }
            }
            // The kernel's and the input bias's gradients, and the input's.
            if (dInputBias != null) {
                Nd4j.gemm(b.onesStep, dz, dInputBias, false, false, 1.0, 1.0);
            }
            if (xs.length == 1) {
                Nd4j.gemm(xs[0] == s.x ? s.xAt[t] : stepRows(xs[0], t), dz, dw, true, false, 1.0, 1.0);
                Nd4j.gemm(dz, w, dx, false, true, 1.0, 0.0);
                if (xs[0] != s.x) {
                    dx.muli(stepRows(inputMasks[0], t));
                }
            } else {
                // (x m_j) W_j per gate: dW_j += (x m_j)^T dZ_j, dx = sum_j (dZ_j W_j^T) m_j.
                dx.assign(0);
                for (int j = 0; j < xs.length; j++) {
                    INDArray dZj = dg[j];
                    gate(dw, j).addi(stepRows(xs[j], t).transpose().mmul(dZj));
                    dx.addi(dZj.mmul(gate(w, j).transpose()).muli(stepRows(inputMasks[j], t)));
                }
            }
        }
        if (cell == Cell.GRU && db != null) {
            db.getRow(1).assign(b.dRecBias.reshape(width));
        }
        // Back from time-major rows to (batch, timesteps * features).
        INDArray dInput = b.dx.reshape('c', steps, batch, l.features()).permute(1, 0, 2).dup('c')
                .reshape('c', batch, (long) steps * l.features());
        if (l.mask() == null) {
            return dInput;
        }
        // The mask's source has no gradient.
        return Nd4j.hstack(dInput, Nd4j.zeros(DataType.FLOAT, batch, input.size(1) - (long) steps * l.features()));
    }

    /** The supported activations (the facade allows tanh, sigmoid, relu, linear) of {@code v}, in place; returns {@code v}. */
    private static INDArray act(Activation f, INDArray v) {
        return act(f, v, v);
    }

    /** The activation of {@code v} into {@code out} (which may be {@code v}); returns {@code out}. */
    private static INDArray act(Activation f, INDArray v, INDArray out) {
        switch (f) {
            case TANH -> Nd4j.getExecutioner().exec(new Tanh(v, out));
            case SIGMOID -> Nd4j.getExecutioner().exec(new Sigmoid(v, out));
            case RELU -> Transforms.relu(out == v ? v : out.assign(v), false);
            case LINEAR -> {
                if (out != v) {
                    out.assign(v);
                }
            }
            default -> throw new IllegalStateException("No recurrent activation " + f);
        }
        return out;
    }

    /** The derivative of {@link #act} at the input whose output is {@code y}, into {@code out}; returns {@code out}. */
    private static INDArray slope(Activation f, INDArray y, INDArray out) {
        return switch (f) {
            case TANH -> y.mul(y, out).rsubi(1.0);
            case SIGMOID -> y.rsub(1.0, out).muli(y);
            case RELU -> out.assign(y.gt(0).castTo(DataType.FLOAT));
            case LINEAR -> out.assign(1);
            default -> throw new IllegalStateException("No recurrent activation " + f);
        };
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public boolean hasBias() {
        return spec().useBias();
    }

    @Override
    public void clearNoiseWeightParams() {
    }
}
