package io.jkeras.models;

import io.jkeras.backend.Shapes;
import io.jkeras.layers.InputLayer;
import io.jkeras.layers.KerasTensor;
import io.jkeras.layers.Layer;
import io.jkeras.layers.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Keras 3's {@code model.summary()} table: layer and type, output shape (Keras's list
 * {@code [(None, 4), (None, 4)]} for a call with several outputs), parameter count, and for a model
 * that is not a Sequential chain the {@code Connected to} column ({@code layer[node][tensor]} of
 * every input of every call); shapes and connections wrapped at spaces as Keras's table does; then
 * the totals with their size in bytes.
 */
final class Summary {
    private static final int[] SEQUENTIAL_WIDTHS = {33, 24, 15};
    private static final int[] FUNCTIONAL_WIDTHS = {31, 27, 17, 28};

    private Summary() {
    }

    static String of(Model model) {
        boolean connected = !(model instanceof Sequential);
        int[] widths = connected ? FUNCTIONAL_WIDTHS : SEQUENTIAL_WIDTHS;
        StringBuilder sb = new StringBuilder();
        sb.append("Model: \"").append(model.getName()).append("\"\n");
        sb.append(rule(widths, '┏', '━', '┳', '┓'));
        List<String> head = new ArrayList<>(List.of("Layer (type)", "Output Shape", "Param #"));
        if (connected) {
            head.add("Connected to");
        }
        sb.append(row(widths, '┃', head));
        sb.append(rule(widths, '┡', '━', '╇', '┩'));
        int i = 0;
        for (Layer l : model.layers()) {
            if (i++ > 0) {
                sb.append(rule(widths, '├', '─', '┼', '┤'));
            }
            String name = l.getName() + " (" + l.className() + ")";
            List<String> shape = wrap(outputShapes(l), widths[1] - 2);
            String params = l.isBuilt() ? String.format(Locale.ROOT, "%,d", l.countParams()) : "0 (unbuilt)";
            List<String> links = connected ? wrap(connections(l), widths[3] - 2) : List.of();
            for (int k = 0; k < Math.max(shape.size(), links.size()); k++) {
                List<String> line = new ArrayList<>(k == 0 ? List.of(name) : List.of(""));
                line.add(k < shape.size() ? shape.get(k) : "");
                line.add(k == 0 ? params : "");
                if (connected) {
                    line.add(k < links.size() ? links.get(k) : "");
                }
                sb.append(row(widths, '│', line));
            }
        }
        sb.append(rule(widths, '└', '─', '┴', '┘'));
        long total = model.countParams();
        long trainable = model.countTrainableParams();
        sb.append(" Total params: ").append(params(total)).append('\n');
        sb.append(" Trainable params: ").append(params(trainable)).append('\n');
        sb.append(" Non-trainable params: ").append(params(total - trainable)).append('\n');
        return sb.toString();
    }

    /** {@code (None, 4)}, or Keras's list {@code [(None, 4), (None, 4)]} for a call with several outputs. */
    private static String outputShapes(Layer l) {
        List<int[]> shapes = l.outputShapes();
        if (shapes == null) {
            return "?";
        }
        if (shapes.size() == 1) {
            return Shapes.withBatch(shapes.get(0));
        }
        List<String> each = new ArrayList<>();
        for (int[] s : shapes) {
            each.add(Shapes.withBatch(s));
        }
        return "[" + String.join(", ", each) + "]";
    }

    /** {@code in_a[0][0], in_b[0][0]}: the inputs of every node of the layer, or {@code -} for an input. */
    private static String connections(Layer l) {
        if (l instanceof InputLayer) {
            return "-";
        }
        List<String> refs = new ArrayList<>();
        for (Node n : l.inboundNodes()) {
            for (KerasTensor t : n.inputs()) {
                refs.add(t.reference());
            }
        }
        return refs.isEmpty() ? "-" : String.join(", ", refs);
    }

    /** Greedy wrapping at spaces into lines of at most {@code width} characters (a longer word stands alone). */
    private static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    private static String params(long n) {
        return String.format(Locale.ROOT, "%,d (%s)", n, bytes(n * 4.0));
    }

    /** Keras's {@code readable_memory_size}: B, KB, MB, GB with two decimals, base 1024. */
    private static String bytes(double b) {
        String[] units = {"B", "KB", "MB", "GB"};
        int u = 0;
        while (b >= 1024 && u < units.length - 1) {
            b /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.2f %s", b, units[u]);
    }

    private static String rule(int[] widths, char left, char fill, char mid, char right) {
        StringBuilder sb = new StringBuilder().append(left);
        for (int c = 0; c < widths.length; c++) {
            sb.append(String.valueOf(fill).repeat(widths[c]));
            sb.append(c < widths.length - 1 ? mid : right);
        }
        return sb.append('\n').toString();
    }

    private static String row(int[] widths, char border, List<String> cells) {
        StringBuilder sb = new StringBuilder().append(border);
        for (int c = 0; c < widths.length; c++) {
            sb.append(' ').append(pad(cells.get(c), widths[c] - 2, c == 2)).append(' ').append(border);
        }
        return sb.append('\n').toString();
    }

    private static String pad(String s, int w, boolean right) {
        if (s.length() > w) {
            s = s.substring(0, w - 1) + "…";
        }
        String sp = " ".repeat(w - s.length());
        return right ? sp + s : s + sp;
    }
}
