package io.jkeras.backend.dl4j.layers;

import io.jkeras.Tensor;
import io.jkeras.backend.DenseSpec;
import io.jkeras.backend.dl4j.ops.Nd4jTensors;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Keras's {@code Dense} on DL4J's {@link DenseLayer}, or {@link OutputLayer} when the loss is
 * fused into it. DL4J keeps the kernel as {@code W} of shape {@code (in, units)}, as Keras does,
 * but in column-major ('f') order inside the network's flat parameter vector; the bias {@code b}
 * is {@code (units,)}. Weights are copied in and out through those views, index by index, so the
 * order never leaks. A Dense called at several nodes has one DL4J layer per node, kept equal.
 */
public final class Dl4jDense extends Dl4jKernelLayer {
    private final DenseSpec spec;

    Dl4jDense(DenseSpec spec, List<org.deeplearning4j.nn.api.Layer> copies) {
        super(spec.name(), "Dense", spec.units(), spec.useBias(), spec.kernelRegularizer(), spec.biasRegularizer(),
                copies, DefaultParamInitializer.WEIGHT_KEY, DefaultParamInitializer.BIAS_KEY);
        this.spec = spec;
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
    Tensor kernelTensor() {
        return Nd4jTensors.toTensor(kernel.value(), spec.inputSize(), spec.units());
    }

    @Override
    void assignKernel(Tensor k) {
        checkShape(spec.name(), "kernel", k, spec.inputSize(), spec.units());
        kernel.assign(Nd4j.create(k.data(), new long[] {spec.inputSize(), spec.units()}, DataType.FLOAT));
    }
}
