package io.jkeras.utils;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers written as Python writes them, so that jkeras's messages and printouts read like
 * Keras's: {@code repr} of a Python float (a double) and of a NumPy {@code float32}. Both are the
 * shortest decimal that reads back as the value ({@code nan}, {@code inf}, {@code -inf} aside),
 * in fixed or scientific notation by each one's rule.
 */
public final class PythonFloats {
    private PythonFloats() {
    }

    /**
     * Python's {@code repr(v)} of a float: {@code 0.10000000149011612} for {@code (double) 0.1f};
     * fixed notation when the shortest digits' decimal exponent is from -4 to 15
     * ({@code 0.0001}, {@code 123.0}), scientific otherwise ({@code 1e-05}, {@code 1e+16}).
     */
    public static String repr(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return special(v);
        }
        BigDecimal digits = shortest(Math.abs(v), false);
        int exponent = exponent(digits);
        return format(v < 0 || (v == 0 && 1 / v < 0), digits, v != 0 && (exponent < -4 || exponent >= 16));
    }

    /**
     * NumPy's {@code str} of a {@code float32} (its {@code repr} without {@code np.float32(...)}):
     * {@code 0.1} for {@code 0.1f}; scientific when the value is below 1e-4 or at least 1e6
     * ({@code 1e-04} for {@code 0.0001f}, which is just below 1e-4; {@code 1.234567e+06}).
     */
    public static String repr(float v) {
        if (Float.isNaN(v) || Float.isInfinite(v)) {
            return special(v);
        }
        double a = Math.abs(v);
        return format(v < 0 || (v == 0 && 1 / v < 0), shortest(a, true), a != 0 && (a < 1e-4 || a >= 1e6));
    }

    private static String special(double v) {
        return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
    }

    /**
     * The fewest significant digits that read back as {@code v} (as a float when {@code asFloat}):
     * {@code v} rounded to 1, 2, ... digits until it does. (JDK 17's {@code Float.toString} gives
     * {@code 1.00000003E16} for {@code 1e16f}; Python and NumPy give {@code 1e+16}.)
     */
    private static BigDecimal shortest(double v, boolean asFloat) {
        BigDecimal exact = new BigDecimal(v);
        for (int digits = 1; digits < 17; digits++) {
            BigDecimal rounded = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            String text = rounded.toString();
            if (asFloat ? Float.parseFloat(text) == (float) v : Double.parseDouble(text) == v) {
                return rounded;
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
    }

    /** The decimal exponent of a non-zero value's leading digit: -5 for {@code 1e-05}. */
    private static int exponent(BigDecimal value) {
        BigDecimal d = value.stripTrailingZeros();
        return d.unscaledValue().toString().length() - 1 - d.scale();
    }

    /** Lays out the digits of a non-negative value the Python way. */
    private static String format(boolean negative, BigDecimal value, boolean scientific) {
        String sign = negative ? "-" : "";
        if (value.signum() == 0) {
            return sign + "0.0";
        }
        BigDecimal d = value.stripTrailingZeros();
        String digits = d.unscaledValue().toString();
        int exponent = exponent(d);
        if (!scientific) {
            String fixed = d.toPlainString();
            return sign + (fixed.contains(".") ? fixed : fixed + ".0");
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "")
                + Math.abs(exponent);
    }
}
