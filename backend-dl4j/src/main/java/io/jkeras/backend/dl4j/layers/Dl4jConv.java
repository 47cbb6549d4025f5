package io.jkeras.backend.dl4j.layers;

import io.jkeras.Tensor;
import io.jkeras.activations.Activation;
import io.jkeras.backend.ConvSpec;
import io.jkeras.backend.GlobalPoolingSpec;
import io.jkeras.backend.Padding;
import io.jkeras.backend.PoolingSpec;
import io.jkeras.backend.Window;
import io.jkeras.backend.dl4j.ops.Nd4jTensors;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras's {@code Conv1D} and {@code Conv2D} on DL4J's {@link ConvolutionLayer} over NCHW images, DL4J's
 * native layout, which the graph builder converts Keras's {@code channels_last} rows into and out of
 * (a one-dimensional convolution is the two-dimensional one on images of height 1); pooling on
 * {@link SubsamplingLayer} and global pooling on {@link GlobalPoolingLayer} are configured here
 * too. {@code "valid"} is DL4J's {@code Truncate} mode and {@code "same"} its {@code Same} mode,
 * which splits odd padding as Keras does (the extra row and column at the end); averages exclude
 * padding ({@code avgPoolIncludePadInDivisor(false)}), as Keras's do.
 *
 * <p>DL4J keeps the kernel as {@code W} of shape {@code (filters, in, kh, kw)} and the bias as
 * {@code b} {@code (1, filters)}; the Keras kernel {@code (kh, kw, in, filters)} is permuted into
 * and out of those views. A layer called at several nodes has one DL4J layer per node, kept equal.
 */
public final class Dl4jConv extends Dl4jKernelLayer {
    private final ConvSpec spec;

    Dl4jConv(ConvSpec spec, List<org.deeplearning4j.nn.api.Layer> copies) {
        super(spec.name(), "convolution", spec.filters(), spec.useBias(), spec.kernelRegularizer(),
                spec.biasRegularizer(), copies, ConvolutionParamInitializer.WEIGHT_KEY, ConvolutionParamInitializer.BIAS_KEY);
        this.spec = spec;
    }

    /** DL4J's mode for Keras's padding. */
    private static ConvolutionMode mode(Padding p) {
        return p == Padding.SAME ? ConvolutionMode.Same : ConvolutionMode.Truncate;
    }

    /** Whether DL4J can apply the activation to an image itself: every activation but softmax, which mixes channels. */
    public static boolean fusesActivation(ConvSpec spec) {
        return spec.activation() != Activation.SOFTMAX;
    }

    /** The DL4J layer of one node of a convolution, on NCHW images; linear when softmax must follow on rows. */
    public static org.deeplearning4j.nn.conf.layers.Layer configure(ConvSpec spec) {
        Window w = spec.window();
        return new ConvolutionLayer.Builder(w.kernelHeight(), w.kernelWidth())
                .stride(w.strideHeight(), w.strideWidth())
                .dilation(w.dilationHeight(), w.dilationWidth())
                .padding(0, 0)
                .convolutionMode(mode(spec.padding()))
                .dataFormat(CNN2DFormat.NCHW)
                .nIn(w.channels()).nOut(spec.filters())
                .activation(Dl4jActivations.of(fusesActivation(spec) ? spec.activation() : Activation.LINEAR))
                .hasBias(spec.useBias())
                .name(spec.name())
                .build();
    }

    /** The DL4J layer of one node of a max or average pooling, on NCHW images. */
    public static org.deeplearning4j.nn.conf.layers.Layer configure(PoolingSpec spec) {
        Window w = spec.window();
        return new SubsamplingLayer.Builder(spec.op() == PoolingSpec.Op.MAX ? PoolingType.MAX : PoolingType.AVG)
                .kernelSize(w.kernelHeight(), w.kernelWidth())
                .stride(w.strideHeight(), w.strideWidth())
                .padding(0, 0)
                .convolutionMode(mode(spec.padding()))
                .dataFormat(CNN2DFormat.NCHW)
                .avgPoolIncludePadInDivisor(false)
                .name(spec.name())
                .build();
    }

    /** The DL4J layer of one node of a global pooling, over the height and width of NCHW images, giving {@code (batch, channels)}. */
    public static org.deeplearning4j.nn.conf.layers.Layer configure(GlobalPoolingSpec spec) {
        return new GlobalPoolingLayer.Builder(spec.op() == PoolingSpec.Op.MAX ? PoolingType.MAX : PoolingType.AVG)
                .poolingDimensions(2, 3)
                .collapseDimensions(true)
                .name(spec.name())
                .build();
    }

    private int[] kerasKernelShape() {
        Window w = spec.window();
        return new int[] {w.kernelHeight(), w.kernelWidth(), w.channels(), spec.filters()};
    }

    @Override
    Tensor kernelTensor() {
        // (filters, in, kh, kw) -> (kh, kw, in, filters)
        return Tensor.of(Nd4jTensors.toFloats(kernel.value().permute(2, 3, 1, 0)), spec.variables().get(0).shape());
    }

    @Override
    void assignKernel(Tensor k) {
        checkShape(spec.name(), "kernel", k, spec.variables().get(0).shape());
        int[] k4 = kerasKernelShape();
        INDArray keras = Nd4j.create(k.data(), new long[] {k4[0], k4[1], k4[2], k4[3]}, DataType.FLOAT);
        kernel.assign(keras.permute(3, 2, 0, 1));
    }
}
