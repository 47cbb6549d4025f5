package io.jkeras.samples;

import io.jkeras.Tensor;
import io.jkeras.utils.PythonFloats;

/** Numbers and arrays written as Python and NumPy write them, so printouts read like the originals'. */
public final class Fmt {
    private Fmt() {
    }

    /**
     * A float as Python prints a NumPy float32: the shortest digits that give the value back,
     * {@code 0.0048412937}, {@code 2.0}, {@code 1e-05}.
     */
    public static String py(float v) {
        return PythonFloats.repr(v);
    }

    /**
     * A tensor as NumPy prints a float array: whole numbers as {@code 1.}, others in their
     * shortest form, decimal points aligned, e.g. {@code [[ 1.  2.]\n [10. 20.]]} or
     * {@code [0.5       0.7310586]}; a rank-0 tensor as a plain number, {@code 5.0}.
     */
    public static String numpy(Tensor t) {
        float[] d = t.data();
        if (t.rank() == 0) {
            return py(d[0]);
        }
        boolean whole = true;
        for (float v : d) {
            whole &= v == Math.rint(v) && Math.abs(v) < 1e15;
        }
        String[] intPart = new String[d.length];
        String[] fracPart = new String[d.length];
        int intWidth = 0;
        int fracWidth = 0;
        for (int i = 0; i < d.length; i++) {
            String s = whole ? (long) d[i] + "." : py(d[i]);
            int dot = s.indexOf('.');
            intPart[i] = dot < 0 ? s : s.substring(0, dot + 1);
            fracPart[i] = dot < 0 ? "" : s.substring(dot + 1);
            intWidth = Math.max(intWidth, intPart[i].length());
            fracWidth = Math.max(fracWidth, fracPart[i].length());
        }
        String[] cells = new String[d.length];
        for (int i = 0; i < d.length; i++) {
            cells[i] = " ".repeat(intWidth - intPart[i].length()) + intPart[i] + fracPart[i]
                    + " ".repeat(fracWidth - fracPart[i].length());
        }
        StringBuilder sb = new StringBuilder();
        append(sb, t.shape(), 0, 0, cells);
        return sb.toString();
    }

    private static int append(StringBuilder sb, int[] shape, int axis, int offset, String[] cells) {
        if (axis == shape.length) {
            sb.append(cells[offset]);
            return offset + 1;
        }
        sb.append('[');
        for (int i = 0; i < shape[axis]; i++) {
            if (i > 0) {
                sb.append(axis == shape.length - 1 ? " " : "\n" + " ".repeat(axis + 1));
            }
            offset = append(sb, shape, axis + 1, offset, cells);
        }
        sb.append(']');
        return offset;
    }
}
