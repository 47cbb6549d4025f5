package io.jkeras.spark;

import io.jkeras.KerasException;

/** Turns a failed Spark job into a {@link KerasException} on the driver that says what failed and why. */
final class SparkErrors {
    private static final String MARK = KerasException.class.getName() + ": ";

    private SparkErrors() {
    }

    /**
     * The KerasException an executor threw, with {@code what} in front, or one that names the Spark
     * failure: never the raw Spark trace alone.
     */
    static KerasException of(String what, Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof KerasException k) {
                return new KerasException(what + ": " + k.getMessage(), e);
            }
        }
        String m = String.valueOf(e.getMessage());
        int at = m.indexOf(MARK);
        if (at >= 0) {
            int end = m.indexOf('\n', at);
            return new KerasException(what + ": " + m.substring(at + MARK.length(), end < 0 ? m.length() : end), e);
        }
        return new KerasException(what + " failed on Spark: " + e, e);
    }
}
