package io.jkeras.backend.dl4j.layers;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.RecurrentSpec;
import io.jkeras.backend.VariableSpec;
import io.jkeras.backend.dl4j.ops.Nd4jTensors;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras's {@code SimpleRNN}, {@code LSTM} and {@code GRU} over the {@link Dl4jRecurrentLayer}s that
 * run them: their parameters are Keras's variables in Keras's layout (the bias kept as one row, or
 * two for a GRU), copied in and out through the views. No penalty.
 */
public final class Dl4jRecurrent extends Dl4jLayer {
    private final RecurrentSpec spec;
    private final List<Dl4jParams> params = new ArrayList<>();
    private final List<org.deeplearning4j.nn.api.Layer> copies;

    Dl4jRecurrent(RecurrentSpec spec, List<org.deeplearning4j.nn.api.Layer> copies) {
        this.spec = spec;
        this.copies = List.copyOf(copies);
        params.add(new Dl4jParams(copies, Dl4jRecurrentParams.KERNEL));
        params.add(new Dl4jParams(copies, Dl4jRecurrentParams.RECURRENT));
        if (spec.useBias()) {
            params.add(new Dl4jParams(copies, Dl4jRecurrentParams.BIAS));
        }
    }

    @Override
    public List<Tensor> getWeights() {
        List<Tensor> out = new ArrayList<>();
        List<VariableSpec> vars = spec.variables();
        for (int i = 0; i < params.size(); i++) {
            out.add(Nd4jTensors.toTensor(params.get(i).value(), vars.get(i).shape()));
        }
        return out;
    }

    @Override
    public void setWeights(List<Tensor> weights) {
        List<VariableSpec> vars = spec.variables();
        if (weights.size() != vars.size()) {
            throw new KerasException("Layer '" + spec.name() + "' (" + spec.cell().className() + ") has " + vars.size()
                    + " weight tensors " + vars + ". Received: " + weights.size() + ".");
        }
        for (int i = 0; i < vars.size(); i++) {
            Tensor w = weights.get(i);
            checkShape(spec.name(), vars.get(i).name(), w, vars.get(i).shape());
            Dl4jParams p = params.get(i);
            p.assign(Nd4j.create(w.data(), p.value().shape(), DataType.FLOAT));
        }
    }

    /** The training step whose dropout masks the next training forward pass of every node uses. */
    @Override
    public void setStep(long step) {
        for (org.deeplearning4j.nn.api.Layer l : copies) {
            ((Dl4jRecurrentImpl) l).setStep(step);
        }
    }

    @Override
    public void releaseScratch() {
        for (org.deeplearning4j.nn.api.Layer l : copies) {
            ((Dl4jRecurrentImpl) l).releaseScratch();
        }
    }

    @Override
    public long scratchBytes() {
        long bytes = 0;
        for (org.deeplearning4j.nn.api.Layer l : copies) {
            bytes += ((Dl4jRecurrentImpl) l).scratchBytes();
        }
        return bytes;
    }

    @Override
    public double regularize(boolean addGradient) {
        return 0;
    }

    @Override
    public boolean hasRegularizer() {
        return false;
    }

    @Override
    public void tieGradients() {
        for (Dl4jParams p : params) {
            p.tie();
        }
    }
}
