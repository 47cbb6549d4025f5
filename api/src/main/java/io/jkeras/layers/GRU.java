package io.jkeras.layers;

import io.jkeras.KerasException;
import io.jkeras.backend.RecurrentSpec;

/**
 * Keras's {@code GRU} with {@code reset_after=True} (Keras 3's default): with
 * {@code [xz, xr, xh] = x_t @ kernel + bias[0]} and {@code [rz, rr, rh] = h_{t-1} @ recurrent_kernel + bias[1]},
 * {@code z = ra(xz + rz)}, {@code r = ra(xr + rr)}, {@code hh = activation(xh + r rh)} and
 * {@code h_t = z h_{t-1} + (1 - z) hh}, the state starting at zero.
 *
 * <p>Input shape: {@code (batch, timesteps, features)}. Output shape: {@code (batch, units)}, or
 * {@code (batch, timesteps, units)} with {@code returnSequences}. Weights: {@code kernel
 * (features, 3*units)}, {@code recurrent_kernel (units, 3*units)}, {@code bias (2, 3*units)}, the
 * gates in Keras's order z, r, h.
 */
public final class GRU extends BaseRNN {

    /** A GRU of {@code units} with Keras's defaults. */
    public GRU(int units) {
        super(RecurrentSpec.Cell.GRU, units);
    }

    /** The gates' activation (Keras's {@code recurrent_activation}, default sigmoid). */
    public GRU recurrentActivation(String name) {
        setRecurrentActivation(name);
        return this;
    }

    /**
     * Keras's {@code reset_after}: only {@code true} (the default) is supported yet.
     *
     * @throws KerasException for {@code false}
     */
    public GRU resetAfter(boolean b) {
        if (!b) {
            throw new KerasException("GRU '" + (getName() != null ? getName() : "gru") + "': resetAfter=false is not"
                    + " supported yet; only Keras 3's default resetAfter=true.");
        }
        return this;
    }

    /** Always true: the reset gate applies after the recurrent product. */
    public boolean getResetAfter() {
        return true;
    }

    @Override
    BaseRNN blank() {
        return new GRU(units());
    }

    @Override
    public String className() {
        return "GRU";
    }

    @Override
    protected String namePrefix() {
        return "gru";
    }
}
