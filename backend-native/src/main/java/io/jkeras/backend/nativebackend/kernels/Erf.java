package io.jkeras.backend.nativebackend.kernels;

/**
 * The error function in double precision, for the exact GELU. {@code java.lang.Math} has no
 * {@code erf}; this one is accurate to about 1e-16 absolute.
 *
 * <p>Method: for {@code |x| < 2}, {@code erf(x) = x * f(x^2)} with {@code f} a Chebyshev series
 * on {@code [0, 4]}; for {@code 2 <= |x| < 6}, {@code erfc(x) = exp(-x^2) g(x) / x} with
 * {@code g} a Chebyshev series on {@code [2, 6]}; beyond 6, {@code erfc(x) < 3e-17}. The
 * coefficients were computed with mpmath at 50 digits from Chebyshev nodes.
 */
public final class Erf {
    /** Chebyshev coefficients of {@code erf(sqrt(s)) / sqrt(s)} on {@code s in [0, 4]}. */
    private static final double[] SMALL = {
        7.4155528204240179e-1, -3.0107107338659494e-1, 6.8994830689831566e-2, -1.3916271264722188e-2,
        2.4207995224334637e-3, -3.6586396858480864e-4, 4.8620984432319048e-5, -5.7492565580356848e-6,
        6.1132435784347647e-7, -5.8991015312958434e-8, 5.2070090920686482e-9, -4.2329758799655433e-10,
        3.188113506649175e-11, -2.2361550188326843e-12, 1.4673298479910849e-13, -9.0440019853817471e-15,
        5.2548137154709187e-16, -2.8874261222849454e-17,
    };
    /** Chebyshev coefficients of {@code x exp(x^2) erfc(x)} on {@code x in [2, 6]}. */
    private static final double[] LARGE = {
        5.4145566982824204e-1, 2.0632497865071103e-2, -7.0977972649210724e-3, 2.1376236953691225e-3,
        -5.9194687164982363e-4, 1.5425587992151151e-4, -3.832460407262407e-5, 9.1530789578356262e-6,
        -2.1132599293650632e-6, 4.735911850674152e-7, -1.0333773966976729e-7, 2.2007465933732099e-8,
        -4.5833724809810467e-9, 9.3498555887380975e-10, -1.8707640787479019e-10, 3.6756307634091684e-11,
        -7.0987300519614442e-12, 1.3488035531571527e-12, -2.523337988566572e-13, 4.6511887938557996e-14,
        -8.4525368406779121e-15, 1.5152760385213189e-15, -2.6810384054079546e-16, 4.68410852049528e-17,
    };

    private Erf() {
    }

    /** {@code erf(x) = 2/sqrt(pi) * integral_0^x exp(-t^2) dt}; NaN for NaN. */
    public static double erf(double x) {
        double ax = Math.abs(x);
        if (ax < 2) {
            return x * clenshaw(SMALL, ax * ax * 0.5 - 1);
        }
        if (ax < 6) {
            double erfc = Math.exp(-ax * ax) * clenshaw(LARGE, (ax - 4) * 0.5) / ax;
            return x > 0 ? 1 - erfc : erfc - 1;
        }
        return Double.isNaN(x) ? x : Math.copySign(1.0, x);
    }

    /** The sum of {@code c[k] T_k(t)}, {@code t in [-1, 1]}, by Clenshaw's recurrence. */
    private static double clenshaw(double[] c, double t) {
        double b1 = 0;
        double b2 = 0;
        double t2 = 2 * t;
        for (int k = c.length - 1; k >= 1; k--) {
            double b0 = t2 * b1 - b2 + c[k];
            b2 = b1;
            b1 = b0;
        }
        return t * b1 - b2 + c[0];
    }
}
