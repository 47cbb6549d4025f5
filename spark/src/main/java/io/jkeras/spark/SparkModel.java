package io.jkeras.spark;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.Gradients;
import io.jkeras.backend.Shapes;
import io.jkeras.backend.StepResult;
import io.jkeras.callbacks.History;
import io.jkeras.models.BatchSource;
import io.jkeras.models.FitOptions;
import io.jkeras.models.Model;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * A compiled jkeras model trained and used on Apache Spark (Elephas's {@code SparkModel}, in
 * Java).
 *
 * <p><b>Synchronous data parallelism.</b> {@code fit} runs Keras's epoch loop on the driver
 * ({@link Model#fit(BatchSource, FitOptions)}: the shuffles, History, callbacks, progress bar and
 * validation of {@code fit}). For each step the driver broadcasts the weights; every partition
 * computes the gradient sums of the step's samples it holds ({@link Model#computeGradients}),
 * Spark adds them ({@code treeReduce}, a {@code treeAggregate}), and the driver applies the
 * optimizer once ({@link Model#applyGradients}). The result is the single-machine {@code fit} with
 * the same global batches, up to the order of float additions. A retried task recomputes the same
 * sums: each partition's work is a function of the weights, its data and the step.
 *
 * <p>The model reaches the executors as the bytes of a {@code .keras} file, loaded once per job
 * and task slot, on the backend named by {@link #executorBackend} or else the one each executor is
 * configured with ({@code JKERAS_BACKEND}). Models with one input and one output.
 *
 * <pre>{@code
 * SparkModel sm = new SparkModel(model);
 * History h = sm.fit(df, "features", "label", new FitOptions().epochs(5).batchSize(64));
 * Dataset<Row> scored = sm.predict(testDf, "features", "prediction");
 * }</pre>
 */
public final class SparkModel {
    private final Model model;
    private String executorBackend;
    private int predictBatchSize = 256;

    /**
     * @throws KerasException if the model is not compiled and built, or has several inputs or outputs
     */
    public SparkModel(Model model) {
        this.model = Objects.requireNonNull(model, "model");
        if (!model.isCompiled() || !model.isBuilt()) {
            throw new KerasException("SparkModel needs a built, compiled model: call compile() on " + model
                    + " first.");
        }
        if (model.inputs().size() != 1 || model.outputs().size() != 1) {
            throw new KerasException("SparkModel trains models with one input and one output; " + model + " has "
                    + model.inputs().size() + " inputs and " + model.outputs().size() + " outputs.");
        }
    }

    /** The model trained on the driver. */
    public Model getModel() {
        return model;
    }

    /** The backend the executors load the model on ({@code "native"}, {@code "dl4j"}); {@code null}: each executor's configured one. */
    public SparkModel executorBackend(String name) {
        this.executorBackend = name;
        return this;
    }

    /** Rows per batch when {@link #predict} scores a partition; 256 by default. */
    public SparkModel predictBatchSize(int n) {
        if (n <= 0) {
            throw new KerasException("predictBatchSize must be positive. Received: " + n);
        }
        this.predictBatchSize = n;
        return this;
    }

    /**
     * Trains on a DataFrame: {@code featuresCol} holds {@code array<float>} or {@code array<double>}
     * of the input's size (reshaped, row-major, to the input shape), {@code labelCol} a number (a
     * class index, or a scalar target) or an array. Positions in the DataFrame's order are the
     * samples {@code fit} shuffles and batches.
     *
     * @throws KerasException naming the column, row, partition or executor for bad data
     */
    public History fit(Dataset<Row> data, String featuresCol, String labelCol, FitOptions options) {
        int f = Rows.column(data.schema(), featuresCol, "features", false);
        int l = Rows.column(data.schema(), labelCol, "label", true);
        return fitShards(Shard.of(data.javaRDD(), Rows.reader(f, featuresCol, l, labelCol), featureWidth()), options);
    }

    /** Trains on an RDD of samples, in its order; see {@link #fit(Dataset, String, String, FitOptions)}. */
    public History fit(JavaRDD<Sample> data, FitOptions options) {
        Shard.Reader<Sample> checked = (s, position) -> {
            if (s == null || s.features() == null || s.label() == null) {
                throw new KerasException("Sample " + position + " is null or has no features or label.");
            }
            return s;
        };
        return fitShards(Shard.of(data, checked, featureWidth()), options);
    }

    private History fitShards(JavaRDD<Shard> shards, FitOptions options) {
        Objects.requireNonNull(options, "options");
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(shards.context());
        shards.persist(StorageLevel.MEMORY_ONLY());
        Broadcast<byte[]> file = jsc.broadcast(modelBytes());
        try {
            int n;
            try {
                n = shards.map(s -> s.size).fold(0, Integer::sum);
            } catch (Exception e) { // SparkException is checked in Java's eyes but thrown undeclared
                throw SparkErrors.of("Reading the training data", e);
            }
            return model.fit(new Synchronous(jsc, shards, file, UUID.randomUUID().toString(), executorBackend, n),
                    options);
        } finally {
            shards.unpersist(false);
            file.destroy();
        }
    }

    /** One synchronous step per global batch: shard gradient sums added by Spark, one update here. */
    private final class Synchronous implements BatchSource {
        private final JavaSparkContext jsc;
        private final JavaRDD<Shard> shards;
        private final Broadcast<byte[]> file;
        private final String key;
        private final String backend;
        private final int size;

        Synchronous(JavaSparkContext jsc, JavaRDD<Shard> shards, Broadcast<byte[]> file, String key, String backend,
                int size) {
            this.jsc = jsc;
            this.shards = shards;
            this.file = file;
            this.key = key;
            this.backend = backend;
            this.size = size;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public StepResult trainStep(int[] samples) {
            long step = model.getIterations();
            Broadcast<List<Tensor>> weights = jsc.broadcast(model.getWeights());
            Gradients sum;
            try {
                sum = shards.mapPartitions(shardGradients(file, key, backend, weights, step, samples))
                        .treeReduce(Gradients::plus);
            } catch (Exception e) {
                throw SparkErrors.of("fit() step " + (step + 1) + " on Spark", e);
            } finally {
                weights.destroy();
            }
            Map<String, Double> logs = model.applyGradients(sum);
            return new StepResult(logs.get("loss").floatValue(), sum.outputLossMeans(), null);
        }
    }

    /** What each partition runs for a step; static, so that the closure holds only what it names. */
    private static FlatMapFunction<Iterator<Shard>, Gradients> shardGradients(Broadcast<byte[]> file, String key,
            String backend, Broadcast<List<Tensor>> weights, long step, int[] samples) {
        return it -> {
            List<Gradients> out = new ArrayList<>(1);
            while (it.hasNext()) {
                Shard s = it.next();
                Gradients g = ExecutorModels.with(key, file.value(), backend,
                        m -> ExecutorModels.gradients(m, weights.value(), step, s, samples));
                if (g != null) {
                    out.add(g);
                }
            }
            return out.iterator();
        };
    }

    /**
     * Scores a DataFrame: its rows with a column {@code predictionCol} of {@code array<float>}, the
     * model's output for the row's features (flattened, row-major). Each partition loads the model
     * once and predicts in batches of {@link #predictBatchSize}; lazily, as Spark transformations are.
     *
     * @throws KerasException if the features column is missing or not numeric arrays, or the prediction column exists
     */
    public Dataset<Row> predict(Dataset<Row> data, String featuresCol, String predictionCol) {
        int f = Rows.column(data.schema(), featuresCol, "features", false);
        if (java.util.Arrays.asList(data.schema().fieldNames()).contains(predictionCol)) {
            throw new KerasException("The DataFrame already has a column '" + predictionCol + "'; choose another"
                    + " prediction column.");
        }
        StructType schema = data.schema().add(predictionCol, DataTypes.createArrayType(DataTypes.FloatType, false), false);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());
        Broadcast<byte[]> file = jsc.broadcast(modelBytes());
        JavaRDD<Row> scored = data.javaRDD().mapPartitions(scorer(file, UUID.randomUUID().toString(), executorBackend,
                f, featuresCol, featureWidth(), predictBatchSize));
        return data.sparkSession().createDataFrame(scored, schema);
    }

    private static FlatMapFunction<Iterator<Row>, Row> scorer(Broadcast<byte[]> file, String key, String backend,
            int column, String name, int width, int batchSize) {
        return it -> ExecutorModels.with(key, file.value(), backend, m -> {
            List<Row> out = new ArrayList<>();
            List<Row> batch = new ArrayList<>(batchSize);
            int partition = TaskContext.getPartitionId();
            long seen = 0;
            while (it.hasNext()) {
                batch.add(it.next());
                if (batch.size() == batchSize || !it.hasNext()) {
                    float[] x = new float[batch.size() * width];
                    for (int r = 0; r < batch.size(); r++) {
                        float[] v = Rows.values(batch.get(r), column, name, seen + r);
                        if (v.length != width) {
                            throw new KerasException("Partition " + partition + ", row " + (seen + r) + ": column '"
                                    + name + "' has " + v.length + " values; the model's input takes " + width + ".");
                        }
                        System.arraycopy(v, 0, x, r * width, width);
                    }
                    Tensor p = m.predictOnBatch(Tensor.of(x, Shapes.batchShape(batch.size(), m.inputShape())));
                    int per = p.sampleSize();
                    for (int r = 0; r < batch.size(); r++) {
                        Row row = batch.get(r);
                        Object[] values = new Object[row.length() + 1];
                        for (int c = 0; c < row.length(); c++) {
                            values[c] = row.get(c);
                        }
                        values[row.length()] = Rows.seq(java.util.Arrays.copyOfRange(p.data(), r * per, (r + 1) * per));
                        out.add(RowFactory.create(values));
                    }
                    seen += batch.size();
                    batch.clear();
                }
            }
            return out.iterator();
        });
    }

    private int featureWidth() {
        return Shapes.size(model.inputShape(), "input of " + model);
    }

    /** The model as a {@code .keras} file's bytes. */
    private byte[] modelBytes() {
        try {
            Path dir = Files.createTempDirectory("jkeras-spark-");
            Path file = dir.resolve(model.getName() + ".keras");
            try {
                model.save(file);
                return Files.readAllBytes(file);
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + model + " to a temporary .keras file", e);
        }
    }
}
