package io.jkeras.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jkeras.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON fixtures that Python Keras 3 wrote (under {@code src/test/resources/fixtures},
 * made by the scripts in {@code tools/fixtures}): arrays are {@code {"shape": [...], "values": [...]}}
 * with values flat and row-major; weights are, by layer name, a list of {@code {"name", "shape", "values"}}.
 */
public final class Fixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    /** The fixture at this classpath resource, e.g. {@code "/fixtures/graph/two_tower.json"}. */
    public static JsonNode load(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("No fixture " + resource + " on the classpath.");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {@code {"shape", "values"}} node as a tensor. */
    public static Tensor tensor(JsonNode node) {
        JsonNode shapeNode = node.get("shape");
        int[] shape = new int[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asInt();
        }
        JsonNode values = node.get("values");
        float[] data = new float[values.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) values.get(i).asDouble();
        }
        return Tensor.of(data, shape);
    }

    /** Weights by layer name, each layer's in Keras order. */
    public static Map<String, List<Tensor>> weights(JsonNode byLayer) {
        Map<String, List<Tensor>> out = new LinkedHashMap<>();
        byLayer.fields().forEachRemaining(e -> {
            List<Tensor> ws = new ArrayList<>();
            for (JsonNode w : e.getValue()) {
                ws.add(tensor(w));
            }
            out.put(e.getKey(), ws);
        });
        return out;
    }

    /** Weights by layer, flattened in model order into one array (Keras order within each layer). */
    public static float[] flatWeights(JsonNode byLayer) {
        List<Float> values = new ArrayList<>();
        for (List<Tensor> ws : weights(byLayer).values()) {
            for (Tensor t : ws) {
                for (float v : t.data()) {
                    values.add(v);
                }
            }
        }
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    /** The named cases of a fixture object, in file order. */
    public static java.util.stream.Stream<Map.Entry<String, JsonNode>> cases(JsonNode byName) {
        List<Map.Entry<String, JsonNode>> l = new ArrayList<>();
        byName.fields().forEachRemaining(l::add);
        return l.stream();
    }

    /** A tensor of integer labels {@code (n,)} given as {@code (n, 1)}, as sparse crossentropy takes them. */
    public static Tensor labelsColumn(JsonNode node) {
        Tensor t = tensor(node);
        return Tensor.of(t.data(), t.dim(0), 1);
    }
}
