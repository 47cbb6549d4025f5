package io.jkeras.backend.dl4j.layers;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.DenseSpec;
import io.jkeras.backend.dl4j.ops.Nd4jTensors;
import io.jkeras.regularizers.Regularizer;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Keras's {@code Dense} on DL4J's {@link DenseLayer}, or {@link OutputLayer} when it is the
 * model's last layer. DL4J keeps the kernel as {@code W} of shape {@code (in, units)}, as Keras
 * does, but in column-major ('f') order inside the network's flat parameter vector; the bias
 * {@code b} is {@code (units,)}. Weights are copied in and out through those views, index by
 * index, so the order never leaks.
 */
public final class Dl4jDense extends Dl4jLayer {
    private final DenseSpec spec;
    private final INDArray kernel;
    private final INDArray bias;
    private final INDArray kernelGrad;
    private final INDArray biasGrad;

    Dl4jDense(DenseSpec spec, org.deeplearning4j.nn.api.Layer layer) {
        this.spec = spec;
        this.kernel = layer.getParam(DefaultParamInitializer.WEIGHT_KEY);
        this.bias = spec.useBias() ? layer.getParam(DefaultParamInitializer.BIAS_KEY) : null;
        Map<String, INDArray> grads = layer.conf().getLayer().initializer()
                .getGradientsFromFlattened(layer.conf(), layer.getGradientsViewArray());
        this.kernelGrad = grads.get(DefaultParamInitializer.WEIGHT_KEY);
        this.biasGrad = spec.useBias() ? grads.get(DefaultParamInitializer.BIAS_KEY) : null;
    }

    static org.deeplearning4j.nn.conf.layers.Layer configure(DenseSpec spec, boolean last,
            org.nd4j.linalg.lossfunctions.ILossFunction loss) {
        if (last) {
            return new OutputLayer.Builder(loss).nIn(spec.inputSize()).nOut(spec.units())
                    .activation(Dl4jActivations.of(spec.activation())).hasBias(spec.useBias()).name(spec.name()).build();
        }
        return new DenseLayer.Builder().nIn(spec.inputSize()).nOut(spec.units())
                .activation(Dl4jActivations.of(spec.activation())).hasBias(spec.useBias()).name(spec.name()).build();
    }

    @Override
    public List<Tensor> getWeights() {
        Tensor k = Nd4jTensors.toTensor(kernel, spec.inputSize(), spec.units());
        return bias == null ? List.of(k) : List.of(k, Nd4jTensors.toTensor(bias, spec.units()));
    }

    @Override
    public void setWeights(List<Tensor> weights) {
        int expected = bias == null ? 1 : 2;
        if (weights.size() != expected) {
            throw new KerasException("Layer '" + spec.name() + "' (Dense) has " + expected + " weight tensors ("
                    + (bias == null ? "kernel" : "kernel, bias") + "). Received: " + weights.size() + ".");
        }
        Tensor k = weights.get(0);
        checkShape(spec.name(), "kernel", k, spec.inputSize(), spec.units());
        kernel.assign(Nd4j.create(k.data(), new long[] {spec.inputSize(), spec.units()}, DataType.FLOAT));
        if (bias != null) {
            Tensor b = weights.get(1);
            checkShape(spec.name(), "bias", b, spec.units());
            bias.assign(Nd4j.create(b.data(), bias.shape(), DataType.FLOAT));
        }
    }

    @Override
    public boolean hasRegularizer() {
        return spec.kernelRegularizer() != null || (bias != null && spec.biasRegularizer() != null);
    }

    @Override
    public double regularize(boolean addGradient) {
        return regularize(spec.kernelRegularizer(), kernel, kernelGrad, addGradient)
                + (bias == null ? 0 : regularize(spec.biasRegularizer(), bias, biasGrad, addGradient));
    }

    /** {@code l1 sum|w| + l2 sum(w^2)}; its gradient {@code l1 sign(w) + 2 l2 w} goes into {@code grad}. */
    private static double regularize(Regularizer r, INDArray w, INDArray grad, boolean addGradient) {
        if (r == null) {
            return 0;
        }
        double penalty = 0;
        if (r.l1() != 0) {
            penalty += r.l1() * w.norm1Number().doubleValue();
            if (addGradient) {
                grad.addi(Transforms.sign(w, true).muli(r.l1()));
            }
        }
        if (r.l2() != 0) {
            double norm = w.norm2Number().doubleValue();
            penalty += r.l2() * norm * norm;
            if (addGradient) {
                grad.addi(w.mul(2f * r.l2()));
            }
        }
        return penalty;
    }
}
