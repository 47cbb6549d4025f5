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
 */
final class Dl4jRecurrentImpl extends BaseLayer<Dl4jRecurrentLayer> {
    private INDArray x;
    private INDArray[] gates;
    private INDArray[] states;
    private INDArray[] cells;
    /** With a mask: 1 for each kept step, 0 for each masked one, {@code (batch, timesteps)}. */
    private INDArray kept;

    Dl4jRecurrentImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private Dl4jRecurrentLayer spec() {
        return layerConf();
    }

    private int time(int k) {
        return spec().goBackwards() ? spec().steps() - 1 - k : k;
    }

    /** Columns {@code [j * units, (j + 1) * units)} of a {@code (batch, G)} array: gate {@code j}; a view. */
    private INDArray gate(INDArray a, int j) {
        int u = spec().units();
        return a.get(NDArrayIndex.all(), NDArrayIndex.interval((long) j * u, (long) (j + 1) * u));
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray out;
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            out = forward();
        }
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, out, 'c');
    }

    private INDArray forward() {
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
        INDArray xw = x.mmul(getParam(Dl4jRecurrentParams.KERNEL));
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
                        z.addi(hp.mmul(u));
                    }
                    act(l.cellActivation(), z);
                    states[k] = z;
                }
                case LSTM -> {
                    if (hp != null) {
                        z.addi(hp.mmul(u));
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
                    INDArray rec = hp == null ? Nd4j.zeros(DataType.FLOAT, batch, width) : hp.mmul(u);
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
            out = states[steps - 1];
        } else {
            out = Nd4j.create(DataType.FLOAT, batch, (long) steps * units);
            for (int k = 0; k < steps; k++) {
                out.get(NDArrayIndex.all(), NDArrayIndex.interval((long) k * units, (long) (k + 1) * units)).assign(states[k]);
            }
        }
        if (!l.returnState()) {
            return out;
        }
        // returnState: the final h, then the LSTM's final c, after the output (RecurrentSpec's packing).
        return cell == Cell.LSTM ? Nd4j.hstack(out, states[steps - 1], cells[steps - 1]) : Nd4j.hstack(out, states[steps - 1]);
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
            if (l.returnSequences()) {
                dH = dH.add(dOut.get(NDArrayIndex.all(), NDArrayIndex.interval((long) k * units, (long) (k + 1) * units)));
            } else if (k == steps - 1) {
                dH = dH.add(dOut);
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
            if (hp != null) {
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
        gradientViews.get(Dl4jRecurrentParams.KERNEL).assign(x.transpose().mmul(dZ2));
        gradientViews.get(Dl4jRecurrentParams.RECURRENT).assign(du);
        if (l.useBias()) {
            INDArray db = gradientViews.get(Dl4jRecurrentParams.BIAS);
            db.getRow(0).assign(dZ2.sum(0));
            if (cell == Cell.GRU) {
                db.getRow(1).assign(dRecBias.reshape(width));
            }
        }
        INDArray w = getParam(Dl4jRecurrentParams.KERNEL);
        INDArray dx = dZ2.mmul(w.transpose()).reshape('c', batch, (long) steps * l.features());
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
