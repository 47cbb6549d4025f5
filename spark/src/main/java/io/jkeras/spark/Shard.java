package io.jkeras.spark;

import io.jkeras.KerasException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import scala.Tuple2;

/**
 * The samples of one partition, packed: {@code size} rows of features and labels, whose positions
 * in the whole data set are {@code start .. start + size - 1} (the order of the RDD).
 */
final class Shard implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Turns one element of the data, at its position in the data set, into a checked sample. */
    interface Reader<T> extends Serializable {
        Sample read(T element, long position);
    }

    final int partition;
    final long start;
    final int size;
    final int featureWidth;
    final int labelWidth;
    final float[] features;
    final float[] labels;

    private Shard(int partition, long start, List<Sample> samples, int featureWidth) {
        this.partition = partition;
        this.start = start;
        this.size = samples.size();
        this.featureWidth = featureWidth;
        this.labelWidth = samples.get(0).label().length;
        this.features = new float[size * featureWidth];
        this.labels = new float[size * labelWidth];
        for (int i = 0; i < size; i++) {
            Sample s = samples.get(i);
            if (s.label().length != labelWidth) {
                throw new KerasException("Sample " + (start + i) + " has a label of " + s.label().length
                        + " values; sample " + start + " has " + labelWidth + ". Every label must have the same width.");
            }
            System.arraycopy(s.features(), 0, features, i * featureWidth, featureWidth);
            System.arraycopy(s.label(), 0, labels, i * labelWidth, labelWidth);
        }
    }

    /** The data as shards, one per non-empty partition, each sample read and checked by {@code reader}. */
    static <T> JavaRDD<Shard> of(JavaRDD<T> data, Reader<T> reader, int featureWidth) {
        Function2<Integer, Iterator<Tuple2<T, Long>>, Iterator<Shard>> pack = (partition, it) -> {
            List<Sample> samples = new ArrayList<>();
            long start = -1;
            while (it.hasNext()) {
                Tuple2<T, Long> e = it.next();
                if (start < 0) {
                    start = e._2();
                }
                Sample s = reader.read(e._1(), e._2());
                if (s.features().length != featureWidth) {
                    throw new KerasException("Sample " + e._2() + " has " + s.features().length + " feature values; the"
                            + " model's input takes " + featureWidth + ".");
                }
                samples.add(s);
            }
            return samples.isEmpty() ? List.<Shard>of().iterator()
                    : List.of(new Shard(partition, start, samples, featureWidth)).iterator();
        };
        return data.zipWithIndex().mapPartitionsWithIndex(pack, true);
    }

    /** How many of these positions fall in this shard. */
    int countIn(int[] positions) {
        int k = 0;
        for (int p : positions) {
            if (p >= start && p < start + size) {
                k++;
            }
        }
        return k;
    }
}
