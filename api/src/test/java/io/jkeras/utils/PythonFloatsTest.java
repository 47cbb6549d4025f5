package io.jkeras.utils;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Every expected string is what Python 3.11's {@code repr(float)}, or NumPy's {@code repr} of a
 * {@code float32}, printed for the same value.
 */
class PythonFloatsTest {
    @Test
    void fixedBetweenExponentsMinusFourAndFifteen() {
        assertEquals("0.1", PythonFloats.repr(0.1));
        assertEquals("0.0001", PythonFloats.repr(0.0001));
        assertEquals("123.0", PythonFloats.repr(123.0));
        assertEquals("2.0", PythonFloats.repr(2.0));
        assertEquals("-2.5", PythonFloats.repr(-2.5));
        assertEquals("0.00010000000474974513", PythonFloats.repr(0.00010000000474974513));
        assertEquals("0.10000000149011612", PythonFloats.repr((double) 0.1f));
        assertEquals("0.0", PythonFloats.repr(0.0));
    }

    @Test
    void scientificOutsideThem() {
        assertEquals("1e-05", PythonFloats.repr(1e-5));
        assertEquals("1.5e-07", PythonFloats.repr(1.5e-7));
        assertEquals("1e+16", PythonFloats.repr(1e16));
        assertEquals("1e+22", PythonFloats.repr(1e22));
        assertEquals("1.2345678901234568e+16", PythonFloats.repr(12345678901234567.0));
        assertEquals("-1e-300", PythonFloats.repr(-1e-300));
    }

    @Test
    void specialValues() {
        assertEquals("nan", PythonFloats.repr(Double.NaN));
        assertEquals("inf", PythonFloats.repr(Double.POSITIVE_INFINITY));
        assertEquals("-inf", PythonFloats.repr(Double.NEGATIVE_INFINITY));
    }

    @Test
    void float32AsNumpyPrintsIt() {
        assertEquals("0.1", PythonFloats.repr(0.1f));
        assertEquals("0.0048412937", PythonFloats.repr(0.0048412937f));
        assertEquals("0.00095", PythonFloats.repr(0.00095f));
        assertEquals("1e-05", PythonFloats.repr(1e-5f));
        assertEquals("5.9604645e-08", PythonFloats.repr(5.9604645e-08f));
        assertEquals("2.0", PythonFloats.repr(2f));
        assertEquals("-3.5", PythonFloats.repr(-3.5f));
        assertEquals("1e+16", PythonFloats.repr(1e16f));
        assertEquals("1e-04", PythonFloats.repr(0.0001f));
        assertEquals("999999.9", PythonFloats.repr(999999.9f));
        assertEquals("1e+06", PythonFloats.repr(1e6f));
        assertEquals("1.234567e+06", PythonFloats.repr(1234567f));
        assertEquals("0.00012", PythonFloats.repr(0.00012f));
        assertEquals("nan", PythonFloats.repr(Float.NaN));
    }
}
