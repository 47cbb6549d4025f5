package io.jkeras.bench;

import io.jkeras.Keras;
import io.jkeras.Tensor;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Input;
import io.jkeras.models.Sequential;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The workloads written directly against DL4J, as a DL4J user would write them: a
 * {@link MultiLayerNetwork} with the same layers, optimizer and loss as the jkeras models, trained
 * with {@code fit(DataSet)}. For the MLP it also starts from the jkeras models' initial weights
 * and takes their batch order, so that the test accuracies of the three engines are comparable.
 */
public final class RawDl4jEngine implements Engine {
    private static final long SEED = 42;

    @Override
    public String name() {
        return "raw";
    }

    @Override
    public Runnable regressionStep(float[] x, float[] y) {
        MultiLayerNetwork net = network(new Sgd(0.01),
                new DenseLayer.Builder().nIn(1).nOut(10).activation(Activation.RELU).build(),
                new OutputLayer.Builder(LossFunction.MSE).nIn(10).nOut(1).activation(Activation.IDENTITY).build());
        DataSet batch = new DataSet(matrix(x, x.length, 1), matrix(y, y.length, 1));
        return () -> net.fit(batch);
    }

    @Override
    public Model mlp(MnistData data, int batchSize) {
        // Keras's Adam epsilon (DL4J's default is 1e-8), so the three engines optimise the same thing.
        MultiLayerNetwork net = network(new Adam(1e-3, 0.9, 0.999, 1e-7),
                new DenseLayer.Builder().nIn(MnistData.FEATURES).nOut(512).activation(Activation.RELU).build(),
                new DenseLayer.Builder().nIn(512).nOut(256).activation(Activation.RELU).build(),
                new OutputLayer.Builder(LossFunction.MCXENT).nIn(256).nOut(MnistData.CLASSES)
                        .activation(Activation.SOFTMAX).build());
        Random random = startLikeTheFacade(net);
        int n = data.nTrain();
        INDArray xTrain = matrix(data.xTrain(), n, MnistData.FEATURES);
        INDArray yTrain = oneHot(data.yTrain());
        INDArray xTest = matrix(data.xTest(), data.nTest(), MnistData.FEATURES);
        int first = Math.min(batchSize, n);
        DataSet firstBatch = new DataSet(rows(xTrain, 0, first), rows(yTrain, 0, first));
        int[] order = identity(n);
        return new Model() {
            @Override
            public void trainEpoch() {
                epoch(net, order, random, batchSize,
                        rows -> new DataSet(Nd4j.pullRows(xTrain, 1, rows), Nd4j.pullRows(yTrain, 1, rows)));
            }

            @Override
            public float[] predict() {
                int total = data.nTest();
                float[] out = new float[total * MnistData.CLASSES];
                for (int from = 0; from < total; from += batchSize) {
                    int to = Math.min(total, from + batchSize);
                    float[][] probabilities = net.output(rows(xTest, from, to)).toFloatMatrix();
                    for (int i = 0; i < probabilities.length; i++) {
                        System.arraycopy(probabilities[i], 0, out, (from + i) * MnistData.CLASSES,
                                MnistData.CLASSES);
                    }
                }
                return out;
            }

            @Override
            public Runnable trainStep() {
                return () -> net.fit(firstBatch);
            }
        };
    }

    /**
     * DL4J's own {@link LSTM} (inputs {@code (batch, time, features)}, {@link RNNFormat#NWC}) under
     * {@link LastTimeStep}, then an output layer, from the facade's initial weights remapped to
     * DL4J's gate order, and the facade's batch order.
     */
    @Override
    public Model lstm(SequenceData data, int batchSize) {
        int units = SequenceData.UNITS;
        MultiLayerNetwork net = network(new Adam(1e-3, 0.9, 0.999, 1e-7),
                new LastTimeStep(new LSTM.Builder().nIn(SequenceData.FEATURES).nOut(units)
                        .activation(Activation.TANH).gateActivationFunction(Activation.SIGMOID)
                        .dataFormat(RNNFormat.NWC).build()),
                new OutputLayer.Builder(LossFunction.MSE).nIn(units).nOut(1).activation(Activation.IDENTITY).build());
        Sequential twin = FacadeEngine.lstmModel();
        List<Tensor> lstm = twin.getLayer(0).getWeights();
        net.getLayer(0).setParam("W", kerasGatesToDl4j(lstm.get(0), SequenceData.FEATURES, units));
        net.getLayer(0).setParam("RW", kerasGatesToDl4j(lstm.get(1), units, units));
        net.getLayer(0).setParam("b", kerasGatesToDl4j(lstm.get(2), 1, units));
        List<Tensor> dense = twin.getLayer(1).getWeights();
        net.getLayer(1).setParam("W", matrix(dense.get(0).data(), units, 1));
        net.getLayer(1).setParam("b", matrix(dense.get(1).data(), 1, 1));
        Random random = Keras.rng();
        int n = data.n();
        int seq = SequenceData.STEPS * SequenceData.FEATURES;
        INDArray x = matrix(data.x(), n, seq);
        INDArray y = matrix(data.y(), n, 1);
        int first = Math.min(batchSize, n);
        DataSet firstBatch = new DataSet(sequences(rows(x, 0, first).dup()), rows(y, 0, first));
        int[] order = identity(n);
        return new Model() {
            @Override
            public void trainEpoch() {
                epoch(net, order, random, batchSize,
                        rows -> new DataSet(sequences(Nd4j.pullRows(x, 1, rows)), Nd4j.pullRows(y, 1, rows)));
            }

            @Override
            public float[] predict() {
                float[] out = new float[n];
                for (int from = 0; from < n; from += batchSize) {
                    int to = Math.min(n, from + batchSize);
                    float[] batch = net.output(sequences(rows(x, from, to).dup())).toFloatVector();
                    System.arraycopy(batch, 0, out, from, batch.length);
                }
                return out;
            }

            @Override
            public Runnable trainStep() {
                return () -> net.fit(firstBatch);
            }
        };
    }

    /**
     * A Keras LSTM weight ({@code rows × 4·units}, gates i, f, c, o) in DL4J's layout: the same
     * rows, gates in DL4J's order c (the block input), f, o, i.
     */
    static INDArray kerasGatesToDl4j(Tensor keras, int rows, int units) {
        float[] k = keras.data();
        float[] d = new float[k.length];
        int[] from = {2, 1, 3, 0};
        int width = 4 * units;
        for (int r = 0; r < rows; r++) {
            for (int g = 0; g < 4; g++) {
                System.arraycopy(k, r * width + from[g] * units, d, r * width + g * units, units);
            }
        }
        return matrix(d, rows, width);
    }

    @Override
    public Runnable matmul(float[] a, float[] b, int n) {
        INDArray ma = matrix(a, n, n);
        INDArray mb = matrix(b, n, n);
        return () -> ma.mmul(mb);
    }

    /**
     * The action computing {@code A·B} into a preallocated result, ND4J's closest equivalent of
     * a bare {@code sgemm} call.
     */
    public Runnable matmulInPlace(float[] a, float[] b, int n) {
        INDArray ma = matrix(a, n, n);
        INDArray mb = matrix(b, n, n);
        INDArray mc = Nd4j.create(DataType.FLOAT, n, n);
        return () -> ma.mmuli(mb, mc);
    }

    /**
     * Gives {@code net} the initial weights that the jkeras engines draw with
     * {@code Keras.setRandomSeed(SEED)}, and returns the generator in the state their
     * {@code fit} shuffles with, so that all three engines see the same weights and the same
     * batches and their test accuracies compare like for like. Timing is not affected.
     */
    private static Random startLikeTheFacade(MultiLayerNetwork net) {
        Keras.setRandomSeed(SEED);
        Sequential twin = new Sequential();
        twin.add(new Input(MnistData.FEATURES));
        twin.add(new Dense(512, "relu"));
        twin.add(new Dense(256, "relu"));
        twin.add(new Dense(MnistData.CLASSES, "softmax"));
        for (int i = 0; i < twin.layers().size(); i++) {
            List<Tensor> w = twin.getLayer(i).getWeights();
            int[] kernel = w.get(0).shape();
            net.getLayer(i).setParam("W", Nd4j.create(w.get(0).data(), new long[] {kernel[0], kernel[1]}, DataType.FLOAT));
            net.getLayer(i).setParam("b", Nd4j.create(w.get(1).data(), new long[] {1, kernel[1]}, DataType.FLOAT));
        }
        return Keras.rng();
    }

    private static MultiLayerNetwork network(IUpdater updater, org.deeplearning4j.nn.conf.layers.Layer... layers) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(SEED)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .updater(updater)
                .list();
        for (int i = 0; i < layers.length; i++) {
            list.layer(i, layers[i]);
        }
        MultiLayerConfiguration conf = list.build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static INDArray matrix(float[] data, int rows, int cols) {
        return Nd4j.create(data, new long[] {rows, cols}, DataType.FLOAT);
    }

    /** {@code (batch, STEPS·FEATURES)} rows as DL4J's NWC sequences {@code (batch, STEPS, FEATURES)}. */
    private static INDArray sequences(INDArray rows) {
        return rows.reshape('c', rows.size(0), SequenceData.STEPS, SequenceData.FEATURES);
    }

    private static INDArray rows(INDArray x, int from, int to) {
        return x.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }

    private static INDArray oneHot(int[] labels) {
        float[] data = new float[labels.length * MnistData.CLASSES];
        for (int i = 0; i < labels.length; i++) {
            data[i * MnistData.CLASSES + labels[i]] = 1f;
        }
        return matrix(data, labels.length, MnistData.CLASSES);
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    /** One epoch in the facade's order: {@code order} shuffled by {@code random}, then cut into batches. */
    private static void epoch(MultiLayerNetwork net, int[] order, Random random, int batchSize,
                              Function<int[], DataSet> batch) {
        shuffle(order, random);
        for (int from = 0; from < order.length; from += batchSize) {
            net.fit(batch.apply(java.util.Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize))));
        }
    }

    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
