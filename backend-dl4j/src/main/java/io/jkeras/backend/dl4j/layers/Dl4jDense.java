package io.jkeras.backend.dl4j.layers;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.DenseSpec;
import io.jkeras.backend.dl4j.ops.Nd4jTensors;
import io.jkeras.regularizers.Regularizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Keras's {@code Dense} on DL4J's {@link DenseLayer}, or {@link OutputLayer} when the loss is
 * fused into it. DL4J keeps the kernel as {@code W} of shape {@code (in, units)}, as Keras does,
 * but in column-major ('f') order inside the network's flat parameter vector; the bias {@code b}
 * is {@code (units,)}. Weights are copied in and out through those views, index by index, so the
 * order never leaks. A Dense called at several nodes has one DL4J layer per node, kept equal.
 */
public final class Dl4jDense extends Dl4jLayer {
    private final DenseSpec spec;
    private final List<INDArray> kernels = new ArrayList<>();
    private final List<INDArray> biases = new ArrayList<>();
    private final List<INDArray> kernelGrads = new ArrayList<>();
    private final List<INDArray> biasGrads = new ArrayList<>();

    Dl4jDense(DenseSpec spec, List<org.deeplearning4j.nn.api.Layer> copies) {
        if (copies.isEmpty()) {
            throw new IllegalArgumentException("Dense '" + spec.name() + "' is called at no node of the model.");
        }
        this.spec = spec;
        for (org.deeplearning4j.nn.api.Layer layer : copies) {
            kernels.add(layer.getParam(DefaultParamInitializer.WEIGHT_KEY));
            Map<String, INDArray> grads = layer.conf().getLayer().initializer()
                    .getGradientsFromFlattened(layer.conf(), layer.getGradientsViewArray());
            kernelGrads.add(grads.get(DefaultParamInitializer.WEIGHT_KEY));
            if (spec.useBias()) {
                biases.add(layer.getParam(DefaultParamInitializer.BIAS_KEY));
                biasGrads.add(grads.get(DefaultParamInitializer.BIAS_KEY));
            }
        }
    }

    /**
     * The DL4J layer of one node: a {@link DenseLayer}, or with a loss an {@link OutputLayer}
     * that computes it on the layer's output.
     *
     * @param loss the loss to fuse into the layer, or {@code null}
     */
    public static org.deeplearning4j.nn.conf.layers.Layer configure(DenseSpec spec, ILossFunction loss) {
        if (loss != null) {
            return new OutputLayer.Builder(loss).nIn(spec.inputSize()).nOut(spec.units())
                    .activation(Dl4jActivations.of(spec.activation())).hasBias(spec.useBias()).name(spec.name()).build();
        }
        return new DenseLayer.Builder().nIn(spec.inputSize()).nOut(spec.units())
                .activation(Dl4jActivations.of(spec.activation())).hasBias(spec.useBias()).name(spec.name()).build();
    }

    @Override
    public List<Tensor> getWeights() {
        Tensor k = Nd4jTensors.toTensor(kernels.get(0), spec.inputSize(), spec.units());
        return biases.isEmpty() ? List.of(k) : List.of(k, Nd4jTensors.toTensor(biases.get(0), spec.units()));
    }

    @Override
    public void setWeights(List<Tensor> weights) {
        boolean useBias = spec.useBias();
        int expected = useBias ? 2 : 1;
        if (weights.size() != expected) {
            throw new KerasException("Layer '" + spec.name() + "' (Dense) has " + expected + " weight tensors ("
                    + (useBias ? "kernel, bias" : "kernel") + "). Received: " + weights.size() + ".");
        }
        Tensor k = weights.get(0);
        checkShape(spec.name(), "kernel", k, spec.inputSize(), spec.units());
        INDArray kernel = Nd4j.create(k.data(), new long[] {spec.inputSize(), spec.units()}, DataType.FLOAT);
        for (INDArray view : kernels) {
            view.assign(kernel);
        }
        if (useBias) {
            Tensor b = weights.get(1);
            checkShape(spec.name(), "bias", b, spec.units());
            INDArray bias = Nd4j.create(b.data(), biases.get(0).shape(), DataType.FLOAT);
            for (INDArray view : biases) {
                view.assign(bias);
            }
        }
    }

    @Override
    public boolean hasRegularizer() {
        return spec.kernelRegularizer() != null || (spec.useBias() && spec.biasRegularizer() != null);
    }

    @Override
    public double regularize(boolean addGradient) {
        return regularize(spec.kernelRegularizer(), kernels.get(0), kernelGrads, addGradient)
                + (biases.isEmpty() ? 0 : regularize(spec.biasRegularizer(), biases.get(0), biasGrads, addGradient));
    }

    @Override
    public void tieGradients() {
        tie(kernelGrads);
        tie(biasGrads);
    }

    /** Every view set to the sum of them all. */
    private static void tie(List<INDArray> grads) {
        if (grads.size() < 2) {
            return;
        }
        INDArray sum = grads.get(0);
        for (int i = 1; i < grads.size(); i++) {
            sum.addi(grads.get(i));
        }
        for (int i = 1; i < grads.size(); i++) {
            grads.get(i).assign(sum);
        }
    }

    /** {@code l1 sum|w| + l2 sum(w^2)}; its gradient {@code l1 sign(w) + 2 l2 w} goes into every copy's {@code grads}. */
    private static double regularize(Regularizer r, INDArray w, List<INDArray> grads, boolean addGradient) {
        if (r == null) {
            return 0;
        }
        double penalty = 0;
        if (r.l1() != 0) {
            penalty += r.l1() * w.norm1Number().doubleValue();
            if (addGradient) {
                INDArray d = Transforms.sign(w, true).muli(r.l1());
                for (INDArray g : grads) {
                    g.addi(d);
                }
            }
        }
        if (r.l2() != 0) {
            double norm = w.norm2Number().doubleValue();
            penalty += r.l2() * norm * norm;
            if (addGradient) {
                INDArray d = w.mul(2f * r.l2());
                for (INDArray g : grads) {
                    g.addi(d);
                }
            }
        }
        return penalty;
    }
}
