package io.jkeras.models;

import io.jkeras.Tensor;
import io.jkeras.layers.Layer;
import java.util.Locale;

/** Keras 3's {@code model.summary()} table. */
final class Summary {
    private static final int[] WIDTHS = {33, 24, 15};

    private Summary() {
    }

    static String of(Sequential model) {
        StringBuilder sb = new StringBuilder();
        sb.append("Model: \"").append(model.getName()).append("\"\n");
        sb.append(rule('┏', '━', '┳', '┓'));
        sb.append(row('┃', "Layer (type)", "Output Shape", "Param #"));
        sb.append(rule('┡', '━', '╇', '┩'));
        int i = 0;
        for (Layer l : model.layers()) {
            if (i++ > 0) {
                sb.append(rule('├', '─', '┼', '┤'));
            }
            int[] out = l.outputShape();
            String shape = out == null ? "?" : "(None, " + Tensor.shapeToString(out).substring(1);
            if (out != null && out.length == 1) {
                shape = "(None, " + out[0] + ")";
            }
            sb.append(row('│', l.getName() + " (" + l.className() + ")", shape,
                    l.isBuilt() ? String.format(Locale.ROOT, "%,d", l.countParams()) : "0 (unbuilt)"));
        }
        sb.append(rule('└', '─', '┴', '┘'));
        long total = model.countParams();
        sb.append(" Total params: ").append(params(total)).append('\n');
        sb.append(" Trainable params: ").append(params(total)).append('\n');
        sb.append(" Non-trainable params: ").append(params(0)).append('\n');
        return sb.toString();
    }

    private static String params(long n) {
        return String.format(Locale.ROOT, "%,d (%s)", n, bytes(n * 4));
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

    private static String rule(char left, char fill, char mid, char right) {
        StringBuilder sb = new StringBuilder().append(left);
        for (int c = 0; c < WIDTHS.length; c++) {
            sb.append(String.valueOf(fill).repeat(WIDTHS[c]));
            sb.append(c < WIDTHS.length - 1 ? mid : right);
        }
        return sb.append('\n').toString();
    }

    private static String row(char border, String name, String shape, String params) {
        return border + " " + pad(name, WIDTHS[0] - 2, false) + " " + border + " " + pad(shape, WIDTHS[1] - 2, false)
                + " " + border + " " + pad(params, WIDTHS[2] - 2, true) + " " + border + "\n";
    }

    private static String pad(String s, int w, boolean right) {
        if (s.length() > w) {
            s = s.substring(0, w - 1) + "…";
        }
        String sp = " ".repeat(w - s.length());
        return right ? sp + s : s + sp;
    }
}
