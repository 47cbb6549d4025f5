package io.jkeras.backend.dl4j.layers;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Keras 3's {@code BatchNormalization} as a DL4J layer over rows of channels {@code (rows, c)}.
 * DL4J's own layer keeps its moving statistics through its updater (its "gradient" of the global
 * mean is the step to take) and may store a log standard deviation; jkeras runs its own update
 * rule over the parameter vector, so this layer does what Keras does instead: DL4J's parameter
 * layout ({@code gamma, beta, mean, var}, with {@code useLogStd} off), batch moments with the
 * biased variance in a training pass, where it assigns the moving statistics itself, and the
 * moving statistics otherwise. Their gradients are zero; {@code Dl4jModel} leaves them out of the
 * update.
 */
public final class Dl4jBatchNormalizationLayer extends BatchNormalization {
    private static final long serialVersionUID = 1L;
    private static final String GAMMA = BatchNormalizationParamInitializer.GAMMA;
    private static final String BETA = BatchNormalizationParamInitializer.BETA;
    private static final String MEAN = BatchNormalizationParamInitializer.GLOBAL_MEAN;
    private static final String VAR = BatchNormalizationParamInitializer.GLOBAL_VAR;

    /** For DL4J's copies of the configuration. */
    public Dl4jBatchNormalizationLayer() {
    }

    /** A layer over {@code channels}, with Keras's momentum and epsilon. */
    Dl4jBatchNormalizationLayer(String name, int channels, float momentum, float epsilon) {
        setLayerName(name);
        setNIn(channels);
        setNOut(channels);
        setDecay(momentum);
        setEps(epsilon);
        setUseLogStd(false);
        setLockGammaBeta(false);
        setMinibatch(true);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
            INDArray paramsView, boolean initializeParams, DataType dataType) {
        return Dl4jLayerWiring.wire(new Impl(conf, dataType), conf, listeners, index, paramsView, initializeParams,
                initializer());
    }

    /** The running layer. */
    static final class Impl extends org.deeplearning4j.nn.layers.normalization.BatchNormalization {
        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        private BatchNormalization settings() {
            return (BatchNormalization) conf().getLayer();
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(false);
            BatchNormalization s = settings();
            INDArray x = input;
            INDArray mean;
            INDArray var;
            INDArray movingMean = getParam(MEAN);
            INDArray movingVar = getParam(VAR);
            if (training) {
                mean = x.mean(0).reshape(movingMean.shape());
                var = x.var(false, 0).reshape(movingVar.shape());
                // Keras 3 assigns its moving statistics in call(training=True).
                float keep = (float) s.getDecay();
                float take = (float) (1.0 - s.getDecay());
                movingMean.muli(keep).addi(mean.mul(take));
                movingVar.muli(keep).addi(var.mul(take));
            } else {
                mean = movingMean;
                var = movingVar;
            }
            INDArray factor = Transforms.sqrt(var.add(s.getEps()), false).rdivi(1.0).muli(getParam(GAMMA));
            INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape(), 'c');
            out.assign(x).subiRowVector(mean).muliRowVector(factor).addiRowVector(getParam(BETA));
            return out;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray dOut, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(true);
            BatchNormalization s = settings();
            INDArray x = input;
            long n = x.size(0);
            INDArray mean = x.mean(0);
            INDArray invStd = Transforms.sqrt(x.var(false, 0).addi(s.getEps()), false).rdivi(1.0);
            INDArray xhat = x.subRowVector(mean).muliRowVector(invStd);
            INDArray dBeta = dOut.sum(0);
            INDArray dGamma = dOut.mul(xhat).sum(0);
            gradientViews.get(GAMMA).assign(dGamma.reshape(gradientViews.get(GAMMA).shape()));
            gradientViews.get(BETA).assign(dBeta.reshape(gradientViews.get(BETA).shape()));
            gradientViews.get(MEAN).assign(0);
            gradientViews.get(VAR).assign(0);
            // dIn = gamma * invStd / n * (n * dOut - dBeta - xhat * dGamma)
            INDArray scale = getParam(GAMMA).reshape(invStd.shape()).mul(invStd).divi(n);
            INDArray dIn = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dOut.dataType(), dOut.shape(), 'c');
            dIn.assign(dOut).muli(n).subiRowVector(dBeta).subi(xhat.muliRowVector(dGamma)).muliRowVector(scale);
            Gradient g = new DefaultGradient();
            g.setGradientFor(GAMMA, gradientViews.get(GAMMA));
            g.setGradientFor(BETA, gradientViews.get(BETA));
            g.setGradientFor(MEAN, gradientViews.get(MEAN));
            g.setGradientFor(VAR, gradientViews.get(VAR));
            return new Pair<>(g, dIn);
        }
    }
}
