package io.jkeras.backend.dl4j.layers;

import io.jkeras.backend.RecurrentSpec.Cell;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The parameters of a {@link Dl4jRecurrentLayer} in Keras's layout, row-major views of the
 * network's flat vector: {@code W (features, G)}, {@code RW (units, G)}, {@code b (1, G)} or
 * {@code (2, G)} for a GRU (input bias, then recurrent bias). Values start at zero; the facade
 * sets them.
 */
final class Dl4jRecurrentParams implements ParamInitializer {
    /** The kernel's key. */
    static final String KERNEL = "W";
    /** The recurrent kernel's key. */
    static final String RECURRENT = "RW";
    /** The bias's key. */
    static final String BIAS = "b";
    static final Dl4jRecurrentParams INSTANCE = new Dl4jRecurrentParams();

    private Dl4jRecurrentParams() {
    }

    private static Map<String, long[]> shapes(Layer layer) {
        Dl4jRecurrentLayer l = (Dl4jRecurrentLayer) layer;
        Map<String, long[]> out = new LinkedHashMap<>();
        out.put(KERNEL, new long[] {l.features(), l.width()});
        out.put(RECURRENT, new long[] {l.units(), l.width()});
        if (l.useBias()) {
            out.put(BIAS, new long[] {l.cell() == Cell.GRU ? 2 : 1, l.width()});
        }
        return out;
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        long n = 0;
        for (long[] s : shapes(layer).values()) {
            n += s[0] * s[1];
        }
        return n;
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return List.copyOf(shapes(layer).keySet());
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return List.of(KERNEL, RECURRENT);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return ((Dl4jRecurrentLayer) layer).useBias() ? List.of(BIAS) : List.of();
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return KERNEL.equals(key) || RECURRENT.equals(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return BIAS.equals(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        Map<String, INDArray> views = views(conf.getLayer(), paramsView);
        if (initializeParams) {
            for (INDArray v : views.values()) {
                v.assign(0);
            }
        }
        return views;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return views(conf.getLayer(), gradientView);
    }

    /** Row-major views of consecutive ranges of the flat vector (rank 1, or a row). */
    private static Map<String, INDArray> views(Layer layer, INDArray flat) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        long start = 0;
        for (Map.Entry<String, long[]> e : shapes(layer).entrySet()) {
            long[] s = e.getValue();
            long n = s[0] * s[1];
            INDArray range = flat.rank() == 1 ? flat.get(NDArrayIndex.interval(start, start + n))
                    : flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(start, start + n));
            out.put(e.getKey(), range.reshape('c', s[0], s[1]));
            start += n;
        }
        return out;
    }
}
