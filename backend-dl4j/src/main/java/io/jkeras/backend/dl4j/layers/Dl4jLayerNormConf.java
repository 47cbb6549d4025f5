package io.jkeras.backend.dl4j.layers;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * The DL4J configuration of Keras's {@code LayerNormalization} (DL4J 1.0.0-M2.1 has no such
 * layer, and a SameDiff layer of this formula gave twice the gradients and printed to stdout).
 * On rows of {@code outer * n * inner} values; parameters {@code gamma} and {@code beta}, each
 * {@code (n,)}, in that order in the layer's parameter view. {@link Dl4jLayerNormLayer} computes.
 */
public final class Dl4jLayerNormConf extends FeedForwardLayer {
    private static final long serialVersionUID = 1L;
    /** DL4J's names of the parameters. */
    static final String GAMMA = "gamma";
    static final String BETA = "beta";

    private long outer;
    private long n;
    private long inner;
    private double epsilon;
    private boolean center;
    private boolean scale;

    /** For DL4J's configuration cloning. */
    public Dl4jLayerNormConf() {
    }

    Dl4jLayerNormConf(String name, long outer, long n, long inner, double epsilon, boolean center, boolean scale) {
        this.layerName = name;
        this.outer = outer;
        this.n = n;
        this.inner = inner;
        this.epsilon = epsilon;
        this.center = center;
        this.scale = scale;
        this.nIn = outer * n * inner;
        this.nOut = nIn;
    }

    long outer() {
        return outer;
    }

    long n() {
        return n;
    }

    long inner() {
        return inner;
    }

    double epsilon() {
        return epsilon;
    }

    boolean center() {
        return center;
    }

    boolean scale() {
        return scale;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners, int layerIndex, INDArray paramsView, boolean initializeParams,
            DataType dataType) {
        return Dl4jLayerWiring.wire(new Dl4jLayerNormLayer(conf, dataType), conf, listeners, layerIndex, paramsView,
                initializeParams, initializer());
    }

    @Override
    public ParamInitializer initializer() {
        return Params.INSTANCE;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.feedForward(outer * n * inner);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        // The sizes come from the spec.
    }

    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        return List.of();
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        return new LayerMemoryReport.Builder(layerName, Dl4jLayerNormConf.class, inputType, inputType)
                .standardMemory(initializer().numParams(this), 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }

    /** {@code gamma} then {@code beta}, each {@code (n,)}, in the layer's view. */
    private static final class Params implements ParamInitializer {
        static final Params INSTANCE = new Params();

        private static Dl4jLayerNormConf of(org.deeplearning4j.nn.conf.layers.Layer l) {
            return (Dl4jLayerNormConf) l;
        }

        @Override
        public long numParams(NeuralNetConfiguration conf) {
            return numParams(conf.getLayer());
        }

        @Override
        public long numParams(org.deeplearning4j.nn.conf.layers.Layer l) {
            return paramKeys(l).size() * of(l).n;
        }

        @Override
        public List<String> paramKeys(org.deeplearning4j.nn.conf.layers.Layer l) {
            Dl4jLayerNormConf c = of(l);
            return c.scale && c.center ? List.of(GAMMA, BETA) : c.scale ? List.of(GAMMA) : c.center ? List.of(BETA)
                    : List.of();
        }

        @Override
        public List<String> weightKeys(org.deeplearning4j.nn.conf.layers.Layer l) {
            return List.of();
        }

        @Override
        public List<String> biasKeys(org.deeplearning4j.nn.conf.layers.Layer l) {
            return List.of();
        }

        @Override
        public boolean isWeightParam(org.deeplearning4j.nn.conf.layers.Layer l, String key) {
            return false;
        }

        @Override
        public boolean isBiasParam(org.deeplearning4j.nn.conf.layers.Layer l, String key) {
            return false;
        }

        @Override
        public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray view, boolean initialize) {
            Map<String, INDArray> views = getGradientsFromFlattened(conf, view);
            if (initialize) {
                // Keras's initial values; jkeras sets every weight after the network is built.
                if (views.containsKey(GAMMA)) {
                    views.get(GAMMA).assign(1);
                }
                if (views.containsKey(BETA)) {
                    views.get(BETA).assign(0);
                }
            }
            return views;
        }

        @Override
        public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray view) {
            long n = of(conf.getLayer()).n;
            INDArray flat = view.rank() == 1 ? view : view.reshape(view.length());
            Map<String, INDArray> out = new java.util.LinkedHashMap<>();
            long offset = 0;
            for (String k : paramKeys(conf.getLayer())) {
                out.put(k, flat.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(offset, offset + n)));
                offset += n;
            }
            return out;
        }
    }
}
