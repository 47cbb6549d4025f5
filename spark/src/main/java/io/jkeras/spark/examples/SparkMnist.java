package io.jkeras.spark.examples;

import io.jkeras.Keras;
import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.callbacks.Callback;
import io.jkeras.callbacks.History;
import io.jkeras.data.FashionMnist;
import io.jkeras.data.Idx;
import io.jkeras.data.Mnist;
import io.jkeras.data.TrainTestSplit;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.Input;
import io.jkeras.losses.SparseCategoricalCrossentropy;
import io.jkeras.models.FitOptions;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.Adam;
import io.jkeras.spark.Rows;
import io.jkeras.spark.SparkModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * spark-mnist: the MNIST MLP ({@code 784 -> 128 relu -> 10 softmax}, Adam) trained with
 * synchronous data parallelism from a DataFrame made from the IDX files, then the test set scored
 * as a DataFrame and its accuracy computed by Spark.
 *
 * <p>Arguments: {@code [IDX_DIR] [epochs] [training images] [test images]}; the directory
 * defaults to {@code JKERAS_DATA}, else Debian's Fashion-MNIST ({@code dataset-fashion-mnist}).
 * The master comes from {@code spark-submit}, else {@code local[2]}.
 */
public final class SparkMnist {
    private static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.IntegerType, false)
            .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false)
            .add("label", DataTypes.IntegerType, false);

    private SparkMnist() {
    }

    /**
     * What a run gives: the epoch losses and the test accuracy of the Spark fit, the epoch losses
     * of a local {@code fit} of the same model on the same images and batches, and each fit's
     * seconds per epoch (wall clock, the first epoch included).
     */
    public record Result(List<Double> losses, double testAccuracy, List<Double> localLosses,
            List<Double> sparkEpochSeconds, List<Double> localEpochSeconds) {
    }

    /** Runs the example; see the class comment for the arguments. */
    public static void main(String[] args) {
        String env = System.getenv("JKERAS_DATA");
        Path dir = Path.of(args.length > 0 ? args[0] : env != null ? env : FashionMnist.DEBIAN_DIR.toString());
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int train = args.length > 2 ? Integer.parseInt(args[2]) : 60000;
        int test = args.length > 3 ? Integer.parseInt(args[3]) : 10000;
        SparkSession spark = SparkSession.builder().appName("jkeras spark-mnist")
                .master(System.getProperty("spark.master", "local[2]")).getOrCreate();
        try {
            Result r = run(spark, dir, epochs, train, test);
            System.out.println("Epoch losses: " + r.losses());
            System.out.printf("Test accuracy: %.4f%n", r.testAccuracy());
            System.out.println("Local fit epoch losses: " + r.localLosses());
            System.out.println("Seconds per epoch, Spark " + spark.sparkContext().master() + ": "
                    + r.sparkEpochSeconds() + "; local fit: " + r.localEpochSeconds());
        } finally {
            spark.stop();
        }
    }

    /** Trains on the first {@code train} images of {@code dir} and scores the first {@code test} test images. */
    public static Result run(SparkSession spark, Path dir, int epochs, int train, int test) {
        if (!Files.isDirectory(dir)) {
            throw new KerasException("spark-mnist needs the MNIST IDX files in a directory. Received: " + dir
                    + " (install dataset-fashion-mnist, or pass a directory).");
        }
        TrainTestSplit data = Mnist.load(dir).head(train, test);
        Keras.setRandomSeed(1);
        Sequential model = mlp();
        SparkModel sm = new SparkModel(model);
        EpochTimes sparkTimes = new EpochTimes();
        History h = sm.fit(frame(spark, data.xTrain(), data.yTrain()), "features", "label",
                new FitOptions().epochs(epochs).batchSize(128).verbose(1).callbacks(sparkTimes));
        Dataset<Row> scored = sm.predict(frame(spark, data.xTest(), data.yTest()), "features", "prediction");
        long right = scored.javaRDD().filter(row -> argmax(row.getList(3)) == row.getInt(2)).count();
        // The same model from the same seed, fitted here on the same images in the same batches.
        Keras.setRandomSeed(1);
        Sequential local = mlp();
        EpochTimes localTimes = new EpochTimes();
        History lh = local.fit(Idx.scaleToUnitRange(data.xTrain()), data.yTrain(), new FitOptions().epochs(epochs).batchSize(128).verbose(0).callbacks(localTimes));
        return new Result(h.history().get("loss"), (double) right / data.xTest().dim(0), lh.history().get("loss"),
                sparkTimes.seconds, localTimes.seconds);
    }

    private static Sequential mlp() {
        Sequential model = new Sequential().add(new Input(28, 28)).add(new Flatten()).add(new Dense(128, "relu"))
                .add(new Dense(10, "softmax"));
        model.compile(new Adam(0.001f), new SparseCategoricalCrossentropy());
        return model;
    }

    /** Each epoch's wall-clock seconds. */
    private static final class EpochTimes implements Callback {
        final List<Double> seconds = new ArrayList<>();
        private long start;

        @Override
        public void onEpochBegin(int epoch) {
            start = System.nanoTime();
        }

        @Override
        public void onEpochEnd(int epoch, Map<String, Double> logs) {
            seconds.add((System.nanoTime() - start) / 1e9);
        }
    }

    /** The images, scaled to [0, 1] and flattened, with their labels, as a DataFrame. */
    static Dataset<Row> frame(SparkSession spark, Tensor images, Tensor labels) {
        Tensor x = Idx.scaleToUnitRange(images);
        List<Row> rows = new ArrayList<>(x.dim(0));
        for (int i = 0; i < x.dim(0); i++) {
            rows.add(RowFactory.create(i, Rows.seq(x.slice(i, i + 1).data()), (int) labels.data()[i]));
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return spark.createDataFrame(jsc.parallelize(rows, jsc.defaultParallelism()), SCHEMA);
    }

    private static int argmax(List<Float> p) {
        int best = 0;
        for (int k = 1; k < p.size(); k++) {
            if (p.get(k) > p.get(best)) {
                best = k;
            }
        }
        return best;
    }
}
