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
    /** Steps per average in averaging mode; 0: synchronous mode. */
    private int localSteps;

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

    /**
     * Averaging mode (DL4J's parameter averaging, Elephas's per-round averaging): each step of
     * {@code fit}'s loop is a round in which every partition takes its share of the global batch
     * ({@code batchSize} samples over all partitions), runs {@code localSteps} training steps on it
     * (consecutive local batches) from the driver's weights and optimizer state, and the driver
     * sets the partitions' mean weights and mean optimizer state, the step count advanced by
     * {@code localSteps}. Data moves once per {@code localSteps} steps, not every step; the result
     * is not single-machine {@code fit}'s (except with one partition, where it is {@code fit} with
     * batches of {@code batchSize / localSteps}).
     *
     * @param localSteps steps each partition runs between averages, at least 1; {@code 0} returns
     *     to synchronous mode
     */
    public SparkModel averaging(int localSteps) {
        if (localSteps < 0) {
            throw new KerasException("averaging() takes the local steps between averages, >= 1 (0: synchronous)."
                    + " Received: " + localSteps);
        }
        this.localSteps = localSteps;
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

    /**
     * A synchronous step moves gradients only, so state that a training step assigns (the moving
     * statistics of BatchNormalization) would stay at its initial values on the driver: refused,
     * naming the layer. Averaging runs whole local steps and averages every weight, so it keeps it.
     */
    private void refuseNonTrainableState() {
        for (io.jkeras.layers.Layer l : model.layers()) {
            List<String> state = new java.util.ArrayList<>();
            for (io.jkeras.backend.VariableSpec v : l.variables()) {
                if (!v.trainable()) {
                    state.add(v.name());
                }
            }
            if (!state.isEmpty()) {
                throw new KerasException("SparkModel.fit(): layer '" + l.getName() + "' (" + l.getClass().getSimpleName()
                        + ") of model '" + model.getName() + "' has non-trainable state " + state + " that each training"
                        + " step assigns; synchronous data parallelism moves only gradients and would leave it at its"
                        + " initial values. Use averaging(k), which averages every weight, or fit on one machine.");
            }
        }
    }

    private History fitShards(JavaRDD<Shard> shards, FitOptions options) {
        Objects.requireNonNull(options, "options");
        if (localSteps == 0) {
            refuseNonTrainableState();
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(shards.context());
        // Cache the shards and cut their lineage, so that each step's tasks do not carry the source
        // partitions (a parallelized collection ships its rows inside every task): to the
        // checkpoint directory when the application has one, else to the executors' block stores.
        shards.persist(StorageLevel.MEMORY_AND_DISK());
        if (jsc.getCheckpointDir().isPresent()) {
            shards.checkpoint();
        } else {
            shards.rdd().localCheckpoint();
        }
        Broadcast<byte[]> file = jsc.broadcast(modelBytes());
        try {
            int n;
            try {
                n = shards.map(s -> s.size).fold(0, Integer::sum);
            } catch (Exception e) { // SparkException is checked in Java's eyes but thrown undeclared
                throw SparkErrors.of("Reading the training data", e);
            }
            String key = UUID.randomUUID().toString();
            BatchSource steps = localSteps == 0 ? new Synchronous(jsc, shards, file, key, executorBackend, n)
                    : new Averaging(jsc, shards, file, key, executorBackend, n, localSteps);
            return model.fit(steps, options);
        } finally {
            shards.unpersist(false);
            file.destroy();
        }
    }

    /** A step of {@code fit} run on the partitions of the cached shards, with the model's bytes broadcast once. */
    private abstract class Steps implements BatchSource {
        final JavaSparkContext jsc;
        final JavaRDD<Shard> shards;
        final Broadcast<byte[]> file;
        final String key;
        final String backend;
        private final int size;

        Steps(JavaSparkContext jsc, JavaRDD<Shard> shards, Broadcast<byte[]> file, String key, String backend, int size) {
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

        /** Runs {@code task} on each shard with this job's model there, and adds the results with {@code plus}. */
        <R> R onShards(ShardTask<R> task, org.apache.spark.api.java.function.Function2<R, R, R> plus, String what) {
            Broadcast<byte[]> f = file;
            String k = key;
            String b = backend;
            FlatMapFunction<Iterator<Shard>, R> run = it -> {
                List<R> out = new ArrayList<>(1);
                while (it.hasNext()) {
                    Shard s = it.next();
                    R r = ExecutorModels.with(k, f.value(), b, m -> task.run(m, s));
                    if (r != null) {
                        out.add(r);
                    }
                }
                return out.iterator();
            };
            try {
                return shards.mapPartitions(run).treeReduce(plus);
            } catch (Exception e) { // SparkException is checked in Java's eyes but thrown undeclared
                throw SparkErrors.of(what + " on Spark", e);
            }
        }
    }

    /** What a step runs on one shard with the executor's model: {@code null} when the shard has no sample of the step. */
    private interface ShardTask<R> extends java.io.Serializable {
        R run(Model m, Shard s);
    }

    /** One synchronous step per global batch: shard gradient sums added by Spark, one update here. */
    private final class Synchronous extends Steps {
        Synchronous(JavaSparkContext jsc, JavaRDD<Shard> shards, Broadcast<byte[]> file, String key, String backend,
                int size) {
            super(jsc, shards, file, key, backend, size);
        }

        @Override
        public StepResult trainStep(int[] samples) {
            long step = model.getIterations();
            Broadcast<List<Tensor>> weights = jsc.broadcast(model.getWeights());
            Gradients sum;
            try {
                sum = onShards((m, s) -> ExecutorModels.gradients(m, weights.value(), step, s, samples), Gradients::plus,
                        "fit() step " + (step + 1));
            } finally {
                weights.destroy();
            }
            Map<String, Double> logs = model.applyGradients(sum);
            return new StepResult(logs.get("loss").floatValue(), sum.outputLossMeans(), null);
        }
    }

    /** One round of averaging mode per global batch: local steps on each partition, their mean here. */
    private final class Averaging extends Steps {
        private final int steps;

        Averaging(JavaSparkContext jsc, JavaRDD<Shard> shards, Broadcast<byte[]> file, String key, String backend,
                int size, int steps) {
            super(jsc, shards, file, key, backend, size);
            this.steps = steps;
        }

        @Override
        public StepResult trainStep(int[] samples) {
            long step = model.getIterations();
            Broadcast<Round> round = jsc.broadcast(new Round(model.getWeights(), ExecutorModels.slots(model), step));
            int local = steps;
            Averaged sum;
            try {
                sum = onShards((m, s) -> ExecutorModels.localSteps(m, round.value(), s, samples, local), Averaged::plus,
                        "fit() round at step " + (step + 1));
            } finally {
                round.destroy();
            }
            model.setWeights(Averaged.mean(sum.weights, sum.partitions));
            sum.slots.forEach((layer, slots) -> {
                Map<String, List<Tensor>> mean = new java.util.LinkedHashMap<>();
                slots.forEach((slot, ts) -> mean.put(slot, Averaged.mean(ts, sum.partitions)));
                model.setOptimizerSlots(layer, mean);
            });
            model.setIterations(step + steps);
            float loss = (float) (sum.lossSum / sum.samples);
            return new StepResult(loss, new float[] {loss}, null);
        }
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
