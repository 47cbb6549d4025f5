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
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Runs a {@link Dl4jRecurrentLayer}: Keras's recurrences ({@code RecurrentSpec}) over ND4J.
 * Forward: one product {@code x W} for every step of every sample, then per processed step
 * {@code h U} and the gates; each step's gate activations, state, LSTM cell and GRU recurrent
 * candidate are kept (outside DL4J's workspaces) for the backward pass. Backward through time:
 * from the last processed step to the first, the state's gradient gives the gates'
 * pre-activation gradients, {@code dU += h_prev^T dZ} and {@code dh_prev = dZ U^T}; then one product
 * each gives {@code dW = x^T dZ} and {@code dx = dZ W^T} over every step. The same algorithm as the
 * native backend's {@code NativeRecurrent}, which the conformance suite checks both against Keras.
 *
 * <p>While training with dropout ({@code RecurrentDropout}), the masks of the step the model set
 * ({@link #setStep}) are drawn by the spec on the heap, as the native backend draws them: the input
 * masks multiply {@code x} before the input product (one product per gate's columns with a mask per
 * gate), the state masks {@code h_prev} before each gate's recurrent product, and the backward pass
 * multiplies the same masks into {@code dx}, {@code dh_prev} and the kernels' left operands.
 */
final class Dl4jRecurrentImpl extends BaseLayer<Dl4jRecurrentLayer> {
    private INDArray x;
    private INDArray[] gates;
    private INDArray[] states;
    private INDArray[] cells;
    /** With a mask: 1 for each kept step, 0 for each masked one, {@code (batch, timesteps)}. */
    private INDArray kept;
    /** While a training pass drops: each input mask over every step {@code (batch * timesteps, features)}; else null. */
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

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray out;
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            out = forward(training);
        }
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, out, 'c');
    }

    /** Draws the masks of this step: the input masks repeated over the steps, and the state masks. */
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
            for (int i = 0; i < b; i++) {
                for (int t = 0; t < steps; t++) {
                    System.arraycopy(m, (j * b + i) * f, rows, (i * steps + t) * f, f);
                }
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

    /** {@code x W}, with the input masks while dropping: {@code (x m) W}, or {@code (x m_j) W_j} per gate. */
    private INDArray inputProduct(INDArray w) {
        if (inputMasks == null || inputMasks.length == 0) {
            return x.mmul(w);
        }
        if (inputMasks.length == 1) {
            return x.mul(inputMasks[0]).mmul(w);
        }
        INDArray out = Nd4j.create(DataType.FLOAT, x.size(0), w.size(1));
        for (int j = 0; j < inputMasks.length; j++) {
            gate(out, j).assign(x.mul(inputMasks[j]).mmul(gate(w, j)));
        }
        return out;
    }

    /** {@code h U}, with the state masks while dropping: {@code (h r_j) U_j} per gate. */
    private INDArray recurrentProduct(INDArray h, INDArray u) {
        if (stateMasks == null || stateMasks.length == 0) {
            return h.mmul(u);
        }
        INDArray out = Nd4j.create(DataType.FLOAT, h.size(0), u.size(1));
        for (int j = 0; j < stateMasks.length; j++) {
            gate(out, j).assign(h.mul(stateMasks[j]).mmul(gate(u, j)));
        }
        return out;
    }

    private INDArray forward(boolean training) {
        Dl4jRecurrentLayer l = spec();
        int steps = l.steps();
        int units = l.units();
        int width = l.width();
        long batch = input.size(0);
        Cell cell = l.cell();
        long seqSize = (long) steps * l.features();
        INDArray seq = l.mask() == null ? input : input.get(NDArrayIndex.all(), NDArrayIndex.interval(0, seqSize));
        x = seq.dup('c').reshape('c', batch * steps, l.features());
        kept = null;
        if (l.mask() != null) {
            float[] source = Nd4jTensors.toFloats(input.get(NDArrayIndex.all(),
                    NDArrayIndex.interval(seqSize, input.size(1))).dup('c'));
            float[] m = new float[Math.toIntExact(batch * steps)];
            l.mask().fill(source, (int) batch, m, 0);
            kept = Nd4j.create(m, new long[] {batch, steps}, 'c');
        }
        INDArray u = getParam(Dl4jRecurrentParams.RECURRENT);
        INDArray bias = l.useBias() ? getParam(Dl4jRecurrentParams.BIAS) : null;
        inputMasks = null;
        stateMasks = null;
        if (training && l.dropout().active()) {
            drawMasks(batch);
        }
        INDArray xw = inputProduct(getParam(Dl4jRecurrentParams.KERNEL));
        if (bias != null) {
            xw.addiRowVector(bias.getRow(0));
        }
        INDArray byStep = xw.reshape('c', batch, steps, width);
        gates = new INDArray[steps];
        states = new INDArray[steps];
        cells = new INDArray[steps];
        for (int k = 0; k < steps; k++) {
            INDArray z = byStep.get(NDArrayIndex.all(), NDArrayIndex.point(time(k)), NDArrayIndex.all()).dup('c');
            INDArray hp = k == 0 ? null : states[k - 1];
            switch (cell) {
                case SIMPLE_RNN -> {
                    if (hp != null) {
                        z.addi(recurrentProduct(hp, u));
                    }
                    act(l.cellActivation(), z);
                    states[k] = z;
                }
                case LSTM -> {
                    if (hp != null) {
                        z.addi(recurrentProduct(hp, u));
                    }
                    act(l.gateActivation(), gate(z, 0));
                    act(l.gateActivation(), gate(z, 1));
                    act(l.cellActivation(), gate(z, 2));
                    act(l.gateActivation(), gate(z, 3));
                    INDArray c = gate(z, 0).mul(gate(z, 2));
                    if (hp != null) {
                        c.addi(gate(z, 1).mul(cells[k - 1]));
                    }
                    cells[k] = c;
                    states[k] = gate(z, 3).mul(act(l.cellActivation(), c.dup()));
                }
                case GRU -> {
                    INDArray rec = hp == null ? Nd4j.zeros(DataType.FLOAT, batch, width) : recurrentProduct(hp, u);
                    if (bias != null) {
                        rec.addiRowVector(bias.getRow(1));
                    }
                    INDArray zr = z.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2L * units));
                    zr.addi(rec.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2L * units)));
                    act(l.gateActivation(), zr);
                    INDArray rh = gate(rec, 2).dup('c');
                    INDArray hh = gate(z, 2);
                    hh.addi(gate(z, 1).mul(rh));
                    act(l.cellActivation(), hh);
                    INDArray h = hh.mul(gate(z, 0).rsub(1.0));
                    if (hp != null) {
                        h.addi(gate(z, 0).mul(hp));
                    }
                    cells[k] = rh;
                    states[k] = h;
                }
            }
            if (kept != null) {
                // A masked step keeps the state (and so the output) of the step before.
                INDArray m = keptAt(time(k));
                INDArray drop = m.rsub(1.0);
                states[k] = states[k].mulColumnVector(m);
                if (hp != null) {
                    states[k].addi(hp.mulColumnVector(drop));
                }
                if (cell == Cell.LSTM) {
                    cells[k] = cells[k].mulColumnVector(m);
                    if (hp != null) {
                        cells[k].addi(cells[k - 1].mulColumnVector(drop));
                    }
                }
            }
            gates[k] = z;
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
        return cell == Cell.LSTM ? Nd4j.hstack(out, states[steps - 1], cells[steps - 1]) : Nd4j.hstack(out, states[steps - 1]);
    }

    /** The output of processed step {@code k}: its state, zeroed at masked steps with {@code zeroOutputForMask}. */
    private INDArray output(int k) {
        return spec().zeroOutputForMask() ? states[k].mulColumnVector(keptAt(time(k))) : states[k];
    }

    /** The mask of input step {@code t}: a {@code (batch, 1)} column. */
    private INDArray keptAt(int t) {
        return kept.get(NDArrayIndex.all(), NDArrayIndex.interval(t, t + 1)).dup('c');
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
        long batch = x.size(0) / steps;
        Cell cell = l.cell();
        INDArray dOut = epsilon.dup('c');
        INDArray u = getParam(Dl4jRecurrentParams.RECURRENT);
        INDArray dh = Nd4j.zeros(DataType.FLOAT, batch, units);
        INDArray dc = Nd4j.zeros(DataType.FLOAT, batch, units);
        if (l.returnState()) {
            // The final states' gradients start the recursion: dh (and the LSTM's dc) after the last step.
            long first = l.returnSequences() ? (long) steps * units : units;
            dh = dOut.get(NDArrayIndex.all(), NDArrayIndex.interval(first, first + units)).dup('c');
            if (cell == Cell.LSTM) {
                dc = dOut.get(NDArrayIndex.all(), NDArrayIndex.interval(first + units, first + 2L * units)).dup('c');
            }
            dOut = dOut.get(NDArrayIndex.all(), NDArrayIndex.interval(0, first)).dup('c');
        }
        INDArray dZ = Nd4j.zeros(DataType.FLOAT, batch, steps, width);
        INDArray du = Nd4j.zeros(DataType.FLOAT, units, width);
        INDArray dRecBias = Nd4j.zeros(DataType.FLOAT, 1, width);
        Activation f = l.cellActivation();
        Activation ra = l.gateActivation();
        for (int k = steps - 1; k >= 0; k--) {
            INDArray dH = dh;
            INDArray dOutK = null;
            if (l.returnSequences()) {
                dOutK = dOut.get(NDArrayIndex.all(), NDArrayIndex.interval((long) k * units, (long) (k + 1) * units));
            } else if (k == steps - 1) {
                dOutK = dOut;
            }
            if (dOutK != null) {
                // A zeroed output passes no gradient.
                dH = dH.add(l.zeroOutputForMask() ? dOutK.mulColumnVector(keptAt(time(k))) : dOutK);
            }
            INDArray hp = k == 0 ? null : states[k - 1];
            INDArray z = gates[k];
            // A masked step passes its state's gradient to the step before, none to its gates.
            INDArray m = kept == null ? null : keptAt(time(k));
            INDArray carryH = null;
            INDArray carryC = null;
            if (m != null) {
                carryH = dH.mulColumnVector(m.rsub(1.0));
                dH = dH.mulColumnVector(m);
                carryC = dc.mulColumnVector(m.rsub(1.0));
                dc = dc.mulColumnVector(m);
            }
            INDArray dz;
            INDArray dRec;
            INDArray direct = null;
            switch (cell) {
                case SIMPLE_RNN -> {
                    dz = dH.mul(slope(f, states[k]));
                    dRec = dz;
                }
                case LSTM -> {
                    INDArray tc = act(f, cells[k].dup());
                    INDArray dC = dc.add(dH.mul(gate(z, 3)).muli(slope(f, tc)));
                    dz = Nd4j.zeros(DataType.FLOAT, batch, width);
                    gate(dz, 0).assign(dC.mul(gate(z, 2)).muli(slope(ra, gate(z, 0))));
                    if (hp != null) {
                        gate(dz, 1).assign(dC.mul(cells[k - 1]).muli(slope(ra, gate(z, 1))));
                    }
                    gate(dz, 2).assign(dC.mul(gate(z, 0)).muli(slope(f, gate(z, 2))));
                    gate(dz, 3).assign(dH.mul(tc).muli(slope(ra, gate(z, 3))));
                    dc = dC.muli(gate(z, 1));
                    if (carryC != null) {
                        dc.addi(carryC);
                    }
                    dRec = dz;
                }
                default -> {
                    INDArray zg = gate(z, 0);
                    INDArray hh = gate(z, 2);
                    INDArray dPre = dH.mul(zg.rsub(1.0)).muli(slope(f, hh));
                    INDArray diff = hp == null ? hh.neg() : hp.sub(hh);
                    dz = Nd4j.zeros(DataType.FLOAT, batch, width);
                    gate(dz, 0).assign(dH.mul(diff).muli(slope(ra, zg)));
                    gate(dz, 1).assign(dPre.mul(cells[k]).muli(slope(ra, gate(z, 1))));
                    gate(dz, 2).assign(dPre);
                    dRec = dz.dup('c');
                    gate(dRec, 2).muli(gate(z, 1));
                    dRecBias.addi(dRec.sum(true, 0));
                    direct = dH.mul(zg);
                }
            }
            dZ.get(NDArrayIndex.all(), NDArrayIndex.point(time(k)), NDArrayIndex.all()).assign(dz);
            if (hp != null && stateMasks != null && stateMasks.length > 0) {
                // (h r_j) U_j per gate: dU_j += (h r_j)^T dR_j, dh_prev = sum_j (dR_j U_j^T) r_j.
                dh = Nd4j.zeros(DataType.FLOAT, batch, units);
                for (int j = 0; j < stateMasks.length; j++) {
                    INDArray dRj = gate(dRec, j);
                    gate(du, j).addi(hp.mul(stateMasks[j]).transpose().mmul(dRj));
                    dh.addi(dRj.mmul(gate(u, j).transpose()).muli(stateMasks[j]));
                }
                if (direct != null) {
                    dh.addi(direct);
                }
                if (carryH != null) {
                    dh.addi(carryH);
                }
            } else if (hp != null) {
                du.addi(hp.transpose().mmul(dRec));
                dh = dRec.mmul(u.transpose());
                if (direct != null) {
                    dh.addi(direct);
                }
                if (carryH != null) {
                    dh.addi(carryH);
                }
            }
        }
        INDArray dZ2 = dZ.reshape('c', batch * steps, width);
        INDArray w = getParam(Dl4jRecurrentParams.KERNEL);
        INDArray dx;
        if (inputMasks == null || inputMasks.length == 0) {
            gradientViews.get(Dl4jRecurrentParams.KERNEL).assign(x.transpose().mmul(dZ2));
            dx = dZ2.mmul(w.transpose());
        } else if (inputMasks.length == 1) {
            gradientViews.get(Dl4jRecurrentParams.KERNEL).assign(x.mul(inputMasks[0]).transpose().mmul(dZ2));
            dx = dZ2.mmul(w.transpose()).muli(inputMasks[0]);
        } else {
            // (x m_j) W_j per gate: dW_j = (x m_j)^T dZ_j, dx = sum_j (dZ_j W_j^T) m_j.
            INDArray dw = gradientViews.get(Dl4jRecurrentParams.KERNEL);
            dx = Nd4j.zeros(DataType.FLOAT, batch * steps, l.features());
            for (int j = 0; j < inputMasks.length; j++) {
                INDArray dZj = gate(dZ2, j);
                gate(dw, j).assign(x.mul(inputMasks[j]).transpose().mmul(dZj));
                dx.addi(dZj.mmul(gate(w, j).transpose()).muli(inputMasks[j]));
            }
        }
        gradientViews.get(Dl4jRecurrentParams.RECURRENT).assign(du);
        if (l.useBias()) {
            INDArray db = gradientViews.get(Dl4jRecurrentParams.BIAS);
            db.getRow(0).assign(dZ2.sum(0));
            if (cell == Cell.GRU) {
                db.getRow(1).assign(dRecBias.reshape(width));
            }
        }
        dx = dx.reshape('c', batch, (long) steps * l.features());
        if (l.mask() == null) {
            return dx;
        }
        // The mask's source has no gradient.
        return Nd4j.hstack(dx, Nd4j.zeros(DataType.FLOAT, batch, input.size(1) - (long) steps * l.features()));
    }

    /** The supported activations (the facade allows tanh, sigmoid, relu, linear), in place; returns {@code v}. */
    private static INDArray act(Activation f, INDArray v) {
        switch (f) {
            case TANH -> Transforms.tanh(v, false);
            case SIGMOID -> Transforms.sigmoid(v, false);
            case RELU -> Transforms.relu(v, false);
            case LINEAR -> {
            }
            default -> throw new IllegalStateException("No recurrent activation " + f);
        }
        return v;
    }

    /** The derivative of {@link #act} at the input whose output is {@code y}; a new array. */
    private static INDArray slope(Activation f, INDArray y) {
        return switch (f) {
            case TANH -> y.mul(y).rsubi(1.0);
            case SIGMOID -> y.mul(y.rsub(1.0));
            case RELU -> y.gt(0).castTo(DataType.FLOAT);
            case LINEAR -> Nd4j.onesLike(y);
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
