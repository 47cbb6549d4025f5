package io.jkeras.spark;

import io.jkeras.KerasException;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/**
 * Reads samples from DataFrame rows: a features column of {@code array<numeric>} or Spark ML
 * {@code Vector}, and a label column of numbers, arrays or vectors; and {@link #seq}, the value of
 * an {@code array<float>} cell.
 */
public final class Rows {
    private Rows() {
    }

    /** The column's index, checked on the driver: it exists and holds numbers or arrays of numbers. */
    static int column(StructType schema, String name, String role, boolean scalarAllowed) {
        List<String> names = Arrays.asList(schema.fieldNames());
        if (!names.contains(name)) {
            throw new KerasException("The DataFrame has no " + role + " column '" + name + "'. Its columns: " + names + ".");
        }
        int i = schema.fieldIndex(name);
        DataType t = schema.fields()[i].dataType();
        boolean array = t instanceof ArrayType a && a.elementType() instanceof NumericType;
        // Spark ML's VectorUDT, by name: MLlib itself need not be on the classpath.
        boolean vector = t.typeName().equals("vector");
        if (!array && !vector && !(scalarAllowed && t instanceof NumericType)) {
            throw new KerasException("The " + role + " column '" + name + "' must hold " + (scalarAllowed
                    ? "a number, an array of numbers or a Spark ML Vector"
                    : "arrays of numbers (array<float>, array<double>) or Spark ML Vectors")
                    + ". Received: " + t.simpleString() + ".");
        }
        return i;
    }

    /** The values of column {@code i} of the row at {@code position}: its array, or one number. */
    static float[] values(Row row, int i, String name, long position) {
        if (row.isNullAt(i)) {
            throw new KerasException("Row " + position + ": column '" + name + "' is null.");
        }
        Object v = row.get(i);
        if (v instanceof Number n) {
            return new float[] {n.floatValue()};
        }
        if (v instanceof Vector vec) {
            double[] d = vec.toArray();
            float[] out = new float[d.length];
            for (int k = 0; k < d.length; k++) {
                out[k] = (float) d[k];
            }
            return out;
        }
        List<Object> list = row.getList(i);
        float[] out = new float[list.size()];
        for (int k = 0; k < out.length; k++) {
            Object e = list.get(k);
            if (e == null) {
                throw new KerasException("Row " + position + ": column '" + name + "' has a null at index " + k + ".");
            }
            out[k] = ((Number) e).floatValue();
        }
        return out;
    }

    /** Values as a {@link Row} holds an {@code array<float>} (a Scala sequence), for making DataFrames of features. */
    public static scala.collection.Seq<Float> seq(float[] values) {
        List<Float> boxed = new java.util.ArrayList<>(values.length);
        for (float v : values) {
            boxed.add(v);
        }
        return scala.collection.JavaConverters.asScalaBuffer(boxed);
    }

    /** A reader of (features, label) rows. */
    static Shard.Reader<Row> reader(int features, String featuresName, int label, String labelName) {
        return (row, position) -> new Sample(values(row, features, featuresName, position),
                values(row, label, labelName, position));
    }
}
