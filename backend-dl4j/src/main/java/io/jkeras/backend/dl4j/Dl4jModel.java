package io.jkeras.backend.dl4j;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.LayerSpec;
import io.jkeras.backend.ModelSpec;
import io.jkeras.backend.StepResult;
import io.jkeras.backend.TrainableModel;
import io.jkeras.backend.TrainingSpec;
import io.jkeras.backend.dl4j.layers.Dl4jDropout;
import io.jkeras.backend.dl4j.layers.Dl4jLayer;
import io.jkeras.backend.dl4j.losses.Dl4jLoss;
import io.jkeras.backend.dl4j.ops.Nd4jTensors;
import io.jkeras.backend.dl4j.optimizers.Dl4jOptimizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * A model compiled by the dl4j backend: a float32 {@link MultiLayerNetwork} whose last layer
 * carries the Keras loss.
 *
 * <p>A training step lets DL4J run the forward pass and back-propagation
 * ({@code computeGradientAndScore}), which fills the network's flat gradient vector with the
 * gradient of the summed loss; the Keras optimizer is applied to the flat parameter vector in one
 * pass that also divides the gradient by the batch size (Keras's mean). With weight penalties the
 * gradient is divided first and their gradients are added before the update. DL4J's
 * own updater is configured as a no-op and never runs. Input and label arrays are made once per
 * batch size and refilled.
 */
final class Dl4jModel implements TrainableModel {
    /** Batch arrays kept at once: fit uses two sizes (full and last batch), evaluate and predict others. */
    private static final int MAX_BATCH_ARRAYS = 4;

    private final Dl4jBackend backend;
    private final String name;
    private final MultiLayerNetwork net;
    private final Dl4jLayer[] layers;
    /** The Dropout layers, told the step before each training pass. */
    private final List<Dl4jDropout> dropouts = new ArrayList<>();
    private final Dl4jLoss loss;
    private final Dl4jOptimizer optimizer;
    private final INDArray params;
    private final INDArray grads;
    private final int inputSize;
    private final int outputSize;
    /** Whether a layer has a weight penalty; without one the step divides the gradient inside the update. */
    private final boolean regularized;
    private final Map<Integer, INDArray> xArrays = lru();
    private final Map<Integer, INDArray> yArrays = lru();
    private long iterations;
    private boolean closed;

    Dl4jModel(Dl4jBackend backend, ModelSpec model, TrainingSpec training, List<List<Tensor>> initialWeights,
            float epsilon) {
        this.backend = backend;
        this.name = model.name();
        List<LayerSpec> specs = model.layers();
        if (specs.isEmpty()) {
            throw new KerasException("Model '" + name + "' has no layers; the dl4j backend needs at least one.");
        }
        if (initialWeights.size() != specs.size()) {
            throw new KerasException("Model '" + name + "' has " + specs.size() + " layers but received initial weights for "
                    + initialWeights.size() + ".");
        }
        this.inputSize = model.inputSize();
        this.outputSize = model.outputSize();
        Dl4jLoss lossFn = Dl4jLoss.of(training.loss(), epsilon);
        NeuralNetConfiguration.ListBuilder conf = new NeuralNetConfiguration.Builder()
                .dataType(DataType.FLOAT)
                .updater(new NoOp())
                .weightInit(WeightInit.ZERO)
                .list();
        for (int i = 0; i < specs.size(); i++) {
            conf.layer(i, Dl4jLayer.configure(specs.get(i), i == specs.size() - 1, lossFn));
        }
        org.deeplearning4j.nn.conf.layers.Layer extraOutput = Dl4jLayer.outputLayerAfter(specs.get(specs.size() - 1), lossFn);
        if (extraOutput != null) {
            conf.layer(specs.size(), extraOutput);
        }
        this.net = new MultiLayerNetwork(conf.build());
        net.init();
        boolean hasParams = net.numParams() > 0;
        if (hasParams) {
            net.initGradientsView();
        }
        this.params = hasParams ? net.params() : null;
        // DL4J keeps the parameters as (n,) and the gradients as (1, n): give the optimizer one shape.
        // A reshape of the contiguous gradient vector is a view, so DL4J's writes show through it.
        this.grads = hasParams ? net.getFlattenedGradients().reshape(params.shape()) : null;
        if (hasParams && grads.data().address() != net.getFlattenedGradients().data().address()) {
            throw new IllegalStateException("DL4J's gradient vector could not be viewed as " + params.shapeInfoToString());
        }
        // The instance the network calls, in case DL4J copied the configuration.
        org.deeplearning4j.nn.conf.layers.Layer out = net.getOutputLayer().conf().getLayer();
        this.loss = (Dl4jLoss) (out instanceof LossLayer l ? l.getLossFn() : ((BaseOutputLayer) out).getLossFn());
        this.layers = new Dl4jLayer[specs.size()];
        for (int i = 0; i < specs.size(); i++) {
            layers[i] = Dl4jLayer.of(specs.get(i), net.getLayer(i));
            layers[i].setWeights(initialWeights.get(i));
            if (layers[i] instanceof Dl4jDropout d) {
                dropouts.add(d);
            }
        }
        this.optimizer = hasParams ? Dl4jOptimizer.of(training.optimizer(), params.length()) : null;
        boolean anyRegularizer = false;
        for (Dl4jLayer l : layers) {
            anyRegularizer |= l.hasRegularizer();
        }
        this.regularized = anyRegularizer;
    }

    @Override
    public StepResult trainOnBatch(Tensor x, Tensor y, boolean returnPredictions) {
        return guarded("trainOnBatch", x, () -> {
            int n = checkBatch(x, y, "trainOnBatch");
            net.setInput(fill(xArrays, x, n));
            net.setLabels(fill(yArrays, y, n));
            for (Dl4jDropout d : dropouts) {
                d.setStep(iterations);
            }
            if (returnPredictions) {
                loss.captureNextOutput();
            }
            net.computeGradientAndScore();
            double value = net.score();
            float[] predictions = returnPredictions ? loss.takeCapturedOutput() : null;
            iterations++;
            if (optimizer != null) {
                float divisor = n;
                if (regularized) {
                    // The penalties' gradients are added to the mean gradient, so divide first.
                    grads.divi(n);
                    divisor = 1f;
                    for (Dl4jLayer l : layers) {
                        value += l.regularize(true);
                    }
                }
                optimizer.step(params, grads, divisor, iterations);
            }
            return new StepResult((float) value, predictions == null ? null : Tensor.of(predictions, n, outputSize));
        });
    }

    @Override
    public StepResult testOnBatch(Tensor x, Tensor y, boolean returnPredictions) {
        return guarded("testOnBatch", x, () -> {
            int n = checkBatch(x, y, "testOnBatch");
            INDArray out = net.output(fill(xArrays, x, n), false);
            double value = loss.sumOnOutput(fill(yArrays, y, n), out) / n;
            for (Dl4jLayer l : layers) {
                value += l.regularize(false);
            }
            return new StepResult((float) value, returnPredictions ? Nd4jTensors.toTensor(out, n, outputSize) : null);
        });
    }

    @Override
    public Tensor predictOnBatch(Tensor x) {
        return guarded("predictOnBatch", x, () -> {
            int n = checkX(x, "predictOnBatch");
            return Nd4jTensors.toTensor(net.output(fill(xArrays, x, n), false), n, outputSize);
        });
    }

    @Override
    public List<Tensor> getWeights(int layer) {
        return guarded("getWeights", null, () -> layer(layer).getWeights());
    }

    @Override
    public void setWeights(int layer, List<Tensor> weights) {
        guarded("setWeights", null, () -> {
            layer(layer).setWeights(weights);
            return null;
        });
    }

    @Override
    public long iterations() {
        return iterations;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            xArrays.clear();
            yArrays.clear();
            net.close();
        }
    }

    private Dl4jLayer layer(int index) {
        if (index < 0 || index >= layers.length) {
            throw new KerasException("Model '" + name + "' has " + layers.length + " layers; there is no layer at index "
                    + index + ".");
        }
        return layers[index];
    }

    private int checkX(Tensor x, String call) {
        int n = x.rank() == 0 ? 0 : x.dim(0);
        if (n == 0) {
            throw new KerasException(call + "() needs at least one sample. Received: x of shape "
                    + Tensor.shapeToString(x.shape()) + ".");
        }
        if (x.size() != n * inputSize) {
            throw new KerasException("Model '" + name + "' expects input with " + inputSize + " features. Received: shape "
                    + Tensor.shapeToString(x.shape()) + " in " + call + "().");
        }
        return n;
    }

    private int checkBatch(Tensor x, Tensor y, String call) {
        int n = checkX(x, call);
        if (y.rank() == 0 || y.dim(0) != n) {
            throw new KerasException(call + "(): x and y must have the same number of samples. Received: x of shape "
                    + Tensor.shapeToString(x.shape()) + ", y of shape " + Tensor.shapeToString(y.shape()) + ".");
        }
        return n;
    }

    /** The batch's values in the array kept for {@code n} rows of this width, made on first use. */
    private static INDArray fill(Map<Integer, INDArray> cache, Tensor t, int n) {
        long width = t.size() / n;
        INDArray a = cache.get(n);
        if (a == null || a.size(1) != width) {
            a = Nd4j.create(DataType.FLOAT, n, width);
            cache.put(n, a);
        }
        Nd4jTensors.copyInto(t.data(), a);
        return a;
    }

    /** Runs a call on the model, turning ND4J's and DL4J's exceptions into a {@link KerasException} saying what was done. */
    private <T> T guarded(String call, Tensor x, Supplier<T> body) {
        if (closed) {
            throw new KerasException("Model '" + name + "' was closed on the dl4j backend; compile it again before "
                    + call + "().");
        }
        backend.bindThread();
        try {
            return body.get();
        } catch (KerasException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new KerasException("The dl4j backend (DL4J/ND4J) failed in " + call + "() of model '" + name + "'"
                    + (x == null ? "" : " on a batch of shape " + Tensor.shapeToString(x.shape())) + ": " + e, e);
        } catch (OutOfMemoryError e) {
            throw new KerasException("The dl4j backend ran out of memory in " + call + "() of model '" + name + "'"
                    + (x == null ? "" : " on a batch of shape " + Tensor.shapeToString(x.shape()))
                    + ". ND4J keeps arrays off the Java heap; raise -Dorg.bytedeco.javacpp.maxbytes and"
                    + " -Dorg.bytedeco.javacpp.maxphysicalbytes, or use a smaller batch size: " + e.getMessage(), e);
        }
    }

    private static Map<Integer, INDArray> lru() {
        return new LinkedHashMap<>(8, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, INDArray> eldest) {
                return size() > MAX_BATCH_ARRAYS;
            }
        };
    }
}
