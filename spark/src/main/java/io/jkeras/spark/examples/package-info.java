/** Runnable examples of jkeras on Spark: {@link io.jkeras.spark.examples.SparkMnist}. */
package io.jkeras.spark.examples;
