package io.jkeras.bench;

import io.jkeras.Keras;
import io.jkeras.Tensor;
import io.jkeras.models.Sequential;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
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
 * with {@code fit(DataSet)}. For the MLP and the CNN it also starts from the jkeras models' initial
 * weights and takes their batch order, so that the test accuracies of the three engines are comparable.
 */
public final class RawDl4jEngine implements Engine {
    private static final long SEED = Models.SEED;
    /** Keras's Adam: learning rate 1e-3, betas 0.9 and 0.999, epsilon 1e-7 (DL4J's default epsilon is 1e-8). */
    private static final IUpdater KERAS_ADAM = new Adam(1e-3, 0.9, 0.999, 1e-7);

    @Override
    public String name() {
        return "raw";
    }

    @Override
    public Runnable regressionStep(float[] x, float[] y) {
        MultiLayerNetwork net = network(new Sgd(0.01), null,
                new DenseLayer.Builder().nIn(1).nOut(10).activation(Activation.RELU).build(),
                new OutputLayer.Builder(LossFunction.MSE).nIn(10).nOut(1).activation(Activation.IDENTITY).build());
        DataSet batch = new DataSet(matrix(x, x.length, 1), matrix(y, y.length, 1));
        return () -> net.fit(batch);
    }

    @Override
    public Model mlp(MnistData data, int batchSize) {
        // Keras's Adam epsilon (DL4J's default is 1e-8), so the three engines optimise the same thing.
        MultiLayerNetwork net = network(KERAS_ADAM, null,
                new DenseLayer.Builder().nIn(MnistData.FEATURES).nOut(512).activation(Activation.RELU).build(),
                new DenseLayer.Builder().nIn(512).nOut(256).activation(Activation.RELU).build(),
                new OutputLayer.Builder(LossFunction.MCXENT).nIn(256).nOut(MnistData.CLASSES)
                        .activation(Activation.SOFTMAX).build());
        Sequential twin = Models.mlp();
        for (int i = 0; i < twin.layers().size(); i++) {
            List<Tensor> w = twin.getLayer(i).getWeights();
            setDense(net, i, w.get(0).data(), w.get(0).shape());
            setBias(net, i, w.get(1));
        }
        return trained(net, data, batchSize);
    }

    /**
     * The convnet as a DL4J user writes it: DL4J's default NCHW layout, the flat 784-pixel rows
     * fed through {@code InputType.convolutionalFlat}. The jkeras twin's kernels
     * {@code (kh, kw, in, out)} become DL4J's {@code (out, in, kh, kw)}, and the dense kernel's rows
     * go from Keras's {@code (h, w, c)} flattening order to DL4J's {@code (c, h, w)}.
     */
    @Override
    public Model cnn(MnistData data, int batchSize) {
        MultiLayerNetwork net = network(KERAS_ADAM, InputType.convolutionalFlat(Models.SIDE, Models.SIDE, 1),
                new ConvolutionLayer.Builder(3, 3).nOut(32).activation(Activation.RELU).build(),
                new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(),
                new ConvolutionLayer.Builder(3, 3).nOut(64).activation(Activation.RELU).build(),
                new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(),
                // DL4J's dropout argument is the probability of keeping a value: 0.5 either way.
                new DropoutLayer.Builder(0.5).build(),
                new OutputLayer.Builder(LossFunction.MCXENT).nOut(MnistData.CLASSES).activation(Activation.SOFTMAX)
                        .build());
        Sequential twin = Models.cnn();
        int[] dl4jLayer = {0, -1, 2, -1, -1, -1, 5};
        for (int i = 0; i < twin.layers().size(); i++) {
            List<Tensor> w = twin.getLayer(i).getWeights();
            if (w.isEmpty()) {
                continue;
            }
            int[] shape = w.get(0).shape();
            if (shape.length == 4) {
                INDArray kernel = Nd4j.create(w.get(0).data(), toLongs(shape), DataType.FLOAT).permute(3, 2, 0, 1);
                net.getLayer(dl4jLayer[i]).setParam("W", kernel.dup('c'));
            } else {
                int[] flattened = twin.getLayer(i - 2).inputShape();
                INDArray kernel = Nd4j.create(w.get(0).data(),
                        new long[] {flattened[0], flattened[1], flattened[2], shape[1]}, DataType.FLOAT)
                        .permute(2, 0, 1, 3).dup('c').reshape('c', shape[0], shape[1]);
                net.getLayer(dl4jLayer[i]).setParam("W", kernel);
            }
            setBias(net, dl4jLayer[i], w.get(1));
        }
        return trained(net, data, batchSize);
    }

    /**
     * The network over {@code data} (flat rows), starting from the jkeras twin's weights already set,
     * and shuffling with the generator in the state the twin's {@code fit} shuffles with, so that all
     * three engines see the same weights and the same batches and their test accuracies compare like
     * for like. Timing is not affected.
     */
    private static Model trained(MultiLayerNetwork net, MnistData data, int batchSize) {
        Random random = Keras.rng();
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
        MultiLayerNetwork net = network(KERAS_ADAM, null,
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

    private static void setDense(MultiLayerNetwork net, int layer, float[] kernel, int[] shape) {
        net.getLayer(layer).setParam("W", Nd4j.create(kernel, new long[] {shape[0], shape[1]}, DataType.FLOAT));
    }

    private static void setBias(MultiLayerNetwork net, int layer, Tensor bias) {
        net.getLayer(layer).setParam("b", Nd4j.create(bias.data(), new long[] {1, bias.size()}, DataType.FLOAT));
    }

    private static long[] toLongs(int[] shape) {
        long[] out = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            out[i] = shape[i];
        }
        return out;
    }

    private static MultiLayerNetwork network(IUpdater updater, InputType input,
                                             org.deeplearning4j.nn.conf.layers.Layer... layers) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(SEED)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .updater(updater)
                .list();
        for (int i = 0; i < layers.length; i++) {
            list.layer(i, layers[i]);
        }
        if (input != null) {
            list.setInputType(input);
        }
        MultiLayerConfiguration conf = list.build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static INDArray matrix(float[] data, int rows, int cols) {
        return Nd4j.create(data, new long[] {rows, cols}, DataType.FLOAT);
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

    /** {@code (batch, STEPS·FEATURES)} rows as DL4J's NWC sequences {@code (batch, STEPS, FEATURES)}. */
    private static INDArray sequences(INDArray rows) {
        return rows.reshape('c', rows.size(0), SequenceData.STEPS, SequenceData.FEATURES);
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
