/**
 * jkeras on Apache Spark: {@link io.jkeras.spark.SparkModel} trains a compiled model on a
 * DataFrame or an RDD of {@link io.jkeras.spark.Sample}s across executors (synchronous data
 * parallelism: each global batch split over the partitions, the shards' gradient sums added by
 * Spark, one optimizer step on the driver) and scores a DataFrame with it. The model travels to
 * the executors as the bytes of a {@code .keras} file.
 */
package io.jkeras.spark;
