package io.jkeras.backend.nativebackend.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.conformance.Reference;
import org.junit.jupiter.api.Test;

/** {@link Erf} against 20-digit values (mpmath) and an independent series / continued fraction. */
class ErfTest {

    @Test
    void erfMatchesTwentyDigitValues() {
        double[][] known = {
            {0.5, 0.52049987781304653768}, {1, 0.84270079294971486934}, {1.5, 0.96610514647531072707},
            {2, 0.99532226501895273416}, {2.5, 0.99959304798255504106}, {3, 0.99997790950300141456},
            {4, 0.99999998458274209972}, {5, 0.99999999999846254021}, {5.9, 0.9999999999999999281},
        };
        for (double[] k : known) {
            assertEquals(k[1], Erf.erf(k[0]), 2e-16, "erf(" + k[0] + ")");
            assertEquals(-k[1], Erf.erf(-k[0]), 2e-16, "erf(-" + k[0] + ")");
        }
    }

    @Test
    void erfMatchesAnIndependentReferenceEverywhere() {
        double worst = 0;
        for (int i = -8000; i <= 8000; i++) {
            double x = i * 1e-3;
            worst = Math.max(worst, Math.abs(Erf.erf(x) - Reference.erf(x)));
        }
        assertTrue(worst < 1e-14, "largest difference " + worst);
    }

    @Test
    void erfHasItsLimitsAndSymmetry() {
        assertEquals(0.0, Erf.erf(0.0));
        assertEquals(1.0, Erf.erf(6.0));
        assertEquals(-1.0, Erf.erf(-30.0));
        assertEquals(1.0, Erf.erf(Double.POSITIVE_INFINITY));
        assertTrue(Double.isNaN(Erf.erf(Double.NaN)));
        // Continuous where the approximation changes pieces: the step across equals 2d erf'(b).
        double d = 1e-9;
        for (double b : new double[] {2, 6}) {
            double slope = 2 / Math.sqrt(Math.PI) * Math.exp(-b * b);
            assertEquals(2 * d * slope, Erf.erf(b + d) - Erf.erf(b - d), 1e-15, "jump at " + b);
        }
    }
}
