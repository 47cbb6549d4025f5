package io.jkeras.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jkeras.Keras;
import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.Backend;
import io.jkeras.backend.Backends;
import io.jkeras.callbacks.History;
import io.jkeras.data.FashionMnist;
import io.jkeras.spark.examples.SparkMnist;
import java.nio.file.Files;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Input;
import io.jkeras.losses.SparseCategoricalCrossentropy;
import io.jkeras.models.FitOptions;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.SGD;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Synchronous data-parallel fit and DataFrame predict in {@code local[2,2]} (two task slots, a
 * failed task tried twice), against single-machine jkeras.
 */
class SparkModelTest {
    private static final int SAMPLES = 96;
    private static final int FEATURES = 6;
    private static final int CLASSES = 3;
    private static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.IntegerType)
            .add("features", DataTypes.createArrayType(DataTypes.FloatType))
            .add("label", DataTypes.IntegerType);
    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = SparkSession.builder().master("local[2,2]").appName("jkeras-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @BeforeEach
    void quiet() {
        Keras.clearSession();
        Keras.setOutput(new PrintStream(OutputStream.nullOutputStream()));
    }

    private static Sequential mlp() {
        return mlp(null);
    }

    /** The test's MLP from seed 42, compiled on {@code backend} (the configured one when null). */
    private static Sequential mlp(Backend backend) {
        Keras.setRandomSeed(42);
        Sequential m = new Sequential().add(new Input(FEATURES)).add(new Dense(10, "relu")).add(new Dense(CLASSES, "softmax"));
        if (backend == null) {
            m.compile(new Adam(0.01f), new SparseCategoricalCrossentropy());
        } else {
            m.compile(new Adam(0.01f), new SparseCategoricalCrossentropy(), List.of(), backend);
        }
        return m;
    }

    /** Features {@code sin}-patterned, labels from their sign pattern: learnable, no random generator. */
    private static Tensor x() {
        float[] d = new float[SAMPLES * FEATURES];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) Math.sin(1 + 1.3 * i);
        }
        return Tensor.of(d, SAMPLES, FEATURES);
    }

    private static Tensor y() {
        float[] x = x().data();
        float[] d = new float[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            d[i] = (x[i * FEATURES] > 0 ? 1 : 0) + (x[i * FEATURES + 1] > 0.5 ? 1 : 0);
        }
        return Tensor.of(d, SAMPLES, 1);
    }

    private static Dataset<Row> frame(Tensor x, Tensor y, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < x.dim(0); i++) {
            rows.add(RowFactory.create(i, Rows.seq(x.slice(i, i + 1).data()), (int) y.data()[i]));
        }
        JavaRDD<Row> rdd = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, partitions);
        return spark.createDataFrame(rdd, SCHEMA);
    }

    @Test
    void synchronousFitOnADataFrameEqualsLocalFit() {
        FitOptions options = new FitOptions().epochs(3).batchSize(16).verbose(0);
        Sequential local = mlp();
        Keras.setRandomSeed(7);
        History expected = local.fit(x(), y(), options);

        Sequential distributed = mlp();
        Keras.setRandomSeed(7);
        History got = new SparkModel(distributed).fit(frame(x(), y(), 2), "features", "label",
                new FitOptions().epochs(3).batchSize(16).verbose(0).validationData(x(), y()));

        assertWeightsClose(local, distributed, 1e-5);
        assertEquals(local.getIterations(), distributed.getIterations(), "18 optimizer steps each");
        for (int e = 0; e < 3; e++) {
            double want = expected.history().get("loss").get(e);
            assertEquals(want, got.history().get("loss").get(e), 1e-5 * Math.abs(want), "loss of epoch " + e);
        }
        assertEquals(distributed.evaluate(x(), y()), got.history().get("val_loss").get(2), 1e-6, "val_loss");
        assertTrue(got.history().get("loss").get(2) < got.history().get("loss").get(0), "it learns");
    }

    @Test
    void aSparkMlVectorFeaturesColumnTrainsAsAnArrayColumn() {
        Sequential fromArrays = mlp();
        Keras.setRandomSeed(9);
        new SparkModel(fromArrays).fit(frame(x(), y(), 2), "features", "label",
                new FitOptions().epochs(1).batchSize(32).verbose(0));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            float[] f = x().slice(i, i + 1).data();
            double[] d = new double[f.length];
            for (int k = 0; k < f.length; k++) {
                d[k] = f[k];
            }
            rows.add(RowFactory.create(Vectors.dense(d), (double) y().data()[i]));
        }
        StructType schema = new StructType().add("features", new VectorUDT()).add("label", DataTypes.DoubleType);
        Dataset<Row> vectors = spark.createDataFrame(
                JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 2), schema);
        Sequential fromVectors = mlp();
        Keras.setRandomSeed(9);
        new SparkModel(fromVectors).fit(vectors, "features", "label", new FitOptions().epochs(1).batchSize(32).verbose(0));
        assertWeightsClose(fromArrays, fromVectors, 1e-6);
    }

    @Test
    void synchronousFitOnAnRddOfSamplesOverThreePartitionsEqualsLocalFit() {
        Sequential local = mlp();
        Keras.setRandomSeed(3);
        local.fit(x(), y(), new FitOptions().epochs(2).batchSize(20).verbose(0));
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            samples.add(new Sample(x().slice(i, i + 1).data(), new float[] {y().data()[i]}));
        }
        Sequential distributed = mlp();
        Keras.setRandomSeed(3);
        new SparkModel(distributed).executorBackend("native").fit(
                JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(samples, 3),
                new FitOptions().epochs(2).batchSize(20).verbose(0));
        assertWeightsClose(local, distributed, 1e-5);
    }

    @Test
    void synchronousFitWithDl4jOnTheDriverAndTheExecutorsEqualsLocalDl4jFit() {
        Backend dl4j = Backends.create("dl4j");
        Sequential local = mlp(dl4j);
        Keras.setRandomSeed(5);
        local.fit(x(), y(), new FitOptions().epochs(2).batchSize(20).verbose(0));
        Sequential distributed = mlp(dl4j);
        Keras.setRandomSeed(5);
        new SparkModel(distributed).executorBackend("dl4j").fit(frame(x(), y(), 2), "features", "label",
                new FitOptions().epochs(2).batchSize(20).verbose(0));
        assertWeightsClose(local, distributed, 1e-5);
    }

    @Test
    void aTaskThatFailsAndIsRetriedGivesTheWeightsOfAnUnbrokenRun() {
        FitOptions options = new FitOptions().epochs(2).batchSize(24).verbose(0);
        Sequential unbroken = mlp();
        Keras.setRandomSeed(11);
        new SparkModel(unbroken).fit(frame(x(), y(), 2), "features", "label", options);

        AtomicInteger failures = new AtomicInteger();
        ExecutorModels.beforeStep = (shard, step) -> {
            if (step == 5 && shard.partition == 1 && TaskContext.get().attemptNumber() == 0) {
                failures.incrementAndGet();
                throw new IllegalStateException("injected failure of partition 1 at step 6");
            }
        };
        Sequential retried = mlp();
        try {
            Keras.setRandomSeed(11);
            new SparkModel(retried).fit(frame(x(), y(), 2), "features", "label", options);
        } finally {
            ExecutorModels.beforeStep = (shard, step) -> { };
        }
        assertEquals(1, failures.get(), "one task attempt failed");
        assertEquals(unbroken.getIterations(), retried.getIterations());
        List<Tensor> a = unbroken.getWeights();
        List<Tensor> b = retried.getWeights();
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).data(), b.get(i).data(), "weight " + i + ": the retry recomputes the same sums");
        }
    }

    @Test
    void averagingOnOnePartitionIsLocalFitWithBatchesOfTheLocalSteps() {
        Sequential local = mlp();
        Keras.setRandomSeed(5);
        local.fit(x(), y(), new FitOptions().epochs(2).batchSize(16).verbose(0));
        Sequential averaged = mlp();
        Keras.setRandomSeed(5);
        History h = new SparkModel(averaged).averaging(2).fit(frame(x(), y(), 1), "features", "label",
                new FitOptions().epochs(2).batchSize(32).verbose(0));
        assertWeightsClose(local, averaged, 1e-6);
        assertEquals(12, averaged.getIterations(), "3 rounds of 2 Adam steps per epoch");
        assertEquals(2, h.history().get("loss").size());
    }

    @Test
    void averagingOverTwoPartitionsIsTheMeanOfTheirLocalRuns() {
        Sequential averaged = mlp();
        averaged.compile(new SGD(0.1f), new SparseCategoricalCrossentropy());
        List<Tensor> start = averaged.getWeights();
        new SparkModel(averaged).averaging(2).fit(frame(x(), y(), 2), "features", "label",
                new FitOptions().epochs(2).batchSize(SAMPLES).shuffle(false).verbose(0));
        // By hand: each half (rows 0-47 and 48-95) takes two SGD steps of 24 samples from the
        // same weights, then the weights are averaged; twice.
        List<Tensor> w = start;
        for (int epoch = 0; epoch < 2; epoch++) {
            List<List<Tensor>> ends = new ArrayList<>();
            for (int half = 0; half < 2; half++) {
                Sequential m = mlp();
                m.compile(new SGD(0.1f), new SparseCategoricalCrossentropy());
                m.setWeights(w);
                for (int step = 0; step < 2; step++) {
                    int from = half * 48 + step * 24;
                    m.trainOnBatch(x().slice(from, from + 24), y().slice(from, from + 24));
                }
                ends.add(m.getWeights());
            }
            List<Tensor> mean = new ArrayList<>();
            for (int i = 0; i < start.size(); i++) {
                float[] a = ends.get(0).get(i).data();
                float[] b = ends.get(1).get(i).data();
                float[] d = new float[a.length];
                for (int k = 0; k < d.length; k++) {
                    d[k] = (a[k] + b[k]) / 2;
                }
                mean.add(Tensor.of(d, start.get(i).shape()));
            }
            w = mean;
        }
        List<Tensor> got = averaged.getWeights();
        for (int i = 0; i < w.size(); i++) {
            for (int k = 0; k < w.get(i).size(); k++) {
                assertEquals(w.get(i).data()[k], got.get(i).data()[k], 1e-6, "weight " + i + " [" + k + "]");
            }
        }
        assertEquals(4, averaged.getIterations(), "two rounds of two local steps");
    }

    @Test
    void sparkMnistLearnsFashionMnist() {
        Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEBIAN_DIR), "needs Debian's dataset-fashion-mnist");
        SparkMnist.Result r = SparkMnist.run(spark, FashionMnist.DEBIAN_DIR, 2, 2000, 500);
        assertEquals(2, r.losses().size());
        assertTrue(r.losses().get(1) < r.losses().get(0), "the loss falls: " + r.losses());
        assertTrue(r.testAccuracy() > 0.6, "test accuracy " + r.testAccuracy() + " on 10 classes after 2000 images");
        for (int e = 0; e < 2; e++) {
            assertEquals(r.localLosses().get(e), r.losses().get(e), 1e-5 * r.localLosses().get(e),
                    "epoch " + e + " loss: Spark's synchronous fit is local fit");
        }
        assertEquals(2, r.sparkEpochSeconds().size());
        assertEquals(2, r.localEpochSeconds().size());
    }

    @Test
    void predictAddsAPredictionColumnEqualToLocalPredict() {
        Sequential m = mlp();
        Tensor expected = m.predict(x());
        List<Row> rows = new SparkModel(m).predictBatchSize(7).predict(frame(x(), y(), 3), "features", "prediction")
                .orderBy("id").collectAsList();
        assertEquals(SAMPLES, rows.size());
        for (int i = 0; i < SAMPLES; i++) {
            Row r = rows.get(i);
            assertEquals(i, r.getInt(0), "the original columns are kept");
            List<Float> p = r.getList(r.fieldIndex("prediction"));
            assertEquals(CLASSES, p.size());
            for (int k = 0; k < CLASSES; k++) {
                assertEquals(expected.data()[i * CLASSES + k], p.get(k), 1e-6, "row " + i + " class " + k);
            }
        }
    }

    @Test
    void synchronousFitRefusesBatchNormalizationWhoseMovingStatisticsOnlyTrainingStepsAssign() {
        Keras.setRandomSeed(42);
        Sequential m = new Sequential().add(new Input(FEATURES)).add(new Dense(10, "relu"))
                .add(new io.jkeras.layers.BatchNormalization().name("bn")).add(new Dense(CLASSES, "softmax"));
        m.compile(new Adam(0.01f), new SparseCategoricalCrossentropy());
        KerasException e = assertThrows(KerasException.class, () -> new SparkModel(m).fit(frame(x(), y(), 2),
                "features", "label", new FitOptions().epochs(1).batchSize(20).verbose(0)));
        assertTrue(e.getMessage().contains("layer 'bn' (BatchNormalization)")
                && e.getMessage().contains("[moving_mean, moving_variance]") && e.getMessage().contains("averaging(k)"),
                e.getMessage());
    }

    @Test
    void badDataIsAKerasExceptionNamingTheColumnAndRow() {
        SparkModel sm = new SparkModel(mlp());
        FitOptions o = new FitOptions().epochs(1).batchSize(16).verbose(0);
        KerasException e = assertThrows(KerasException.class, () -> sm.fit(frame(x(), y(), 2), "pixels", "label", o));
        assertTrue(e.getMessage().contains("no features column 'pixels'") && e.getMessage().contains("[id, features, label]"),
                e.getMessage());
        e = assertThrows(KerasException.class, () -> sm.fit(frame(x(), y(), 2), "id", "label", o));
        assertTrue(e.getMessage().contains("column 'id' must hold arrays"), e.getMessage());

        List<Row> rows = new ArrayList<>(frame(x(), y(), 1).collectAsList());
        rows.set(5, RowFactory.create(5, Rows.seq(new float[] {1, 2}), 0));
        Dataset<Row> narrow = spark.createDataFrame(rows, SCHEMA);
        e = assertThrows(KerasException.class, () -> sm.fit(narrow, "features", "label", o));
        assertTrue(e.getMessage().contains("Sample 5 has 2 feature values") && e.getMessage().contains("takes 6"),
                e.getMessage());

        rows.set(5, RowFactory.create(5, null, 0));
        Dataset<Row> nulls = spark.createDataFrame(rows, SCHEMA);
        e = assertThrows(KerasException.class, () -> sm.fit(nulls, "features", "label", o));
        assertTrue(e.getMessage().contains("Row 5: column 'features' is null"), e.getMessage());

        Tensor badLabels = y();
        badLabels.data()[40] = 7;
        e = assertThrows(KerasException.class, () -> sm.fit(frame(x(), badLabels, 2), "features", "label", o));
        assertTrue(e.getMessage().contains("Executor") && e.getMessage().contains("partition")
                && e.getMessage().contains("7"), e.getMessage());

        Sequential notCompiled = new Sequential().add(new Input(FEATURES)).add(new Dense(2));
        e = assertThrows(KerasException.class, () -> new SparkModel(notCompiled));
        assertTrue(e.getMessage().contains("compile()"), e.getMessage());

        e = assertThrows(KerasException.class, () -> sm.executorBackend("no-such-backend")
                .fit(frame(x(), y(), 2), "features", "label", o));
        assertTrue(e.getMessage().contains("could not load the model on backend 'no-such-backend'"), e.getMessage());
    }

    private static void assertWeightsClose(Sequential expected, Sequential actual, double rtol) {
        List<Tensor> a = expected.getWeights();
        List<Tensor> b = actual.getWeights();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            float[] x = a.get(i).data();
            float[] y = b.get(i).data();
            for (int k = 0; k < x.length; k++) {
                if (!(Math.abs(x[k] - y[k]) <= rtol * Math.abs(x[k]) + 1e-7)) {
                    fail("weight " + i + " [" + k + "]: local " + x[k] + ", Spark " + y[k]);
                }
            }
        }
    }
}
