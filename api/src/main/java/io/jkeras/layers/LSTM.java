package io.jkeras.layers;

import io.jkeras.Tensor;
import io.jkeras.backend.RecurrentSpec;
import java.util.Random;

/**
 * Keras's {@code LSTM}: with {@code [zi, zf, zc, zo] = x_t @ kernel + h_{t-1} @ recurrent_kernel + bias},
 * {@code c_t = ra(zf) c_{t-1} + ra(zi) activation(zc)} and {@code h_t = ra(zo) activation(c_t)}
 * ({@code ra} the recurrent activation, sigmoid by default; {@code activation} tanh by default),
 * states starting at zero.
 *
 * <p>Input shape: {@code (batch, timesteps, features)}. Output shape: {@code (batch, units)}, or
 * {@code (batch, timesteps, units)} with {@code returnSequences}. Weights: {@code kernel
 * (features, 4*units)}, {@code recurrent_kernel (units, 4*units)}, {@code bias (4*units,)}, the gates
 * in Keras's order i, f, c, o. With {@code unitForgetBias} (the default) the forget gate's bias
 * starts at 1.
 */
public final class LSTM extends BaseRNN {
    private boolean unitForgetBias = true;

    /** An LSTM of {@code units} with Keras's defaults. */
    public LSTM(int units) {
        super(RecurrentSpec.Cell.LSTM, units);
    }

    /** The gates' activation (Keras's {@code recurrent_activation}, default sigmoid). */
    public LSTM recurrentActivation(String name) {
        setRecurrentActivation(name);
        return this;
    }

    /** Whether the forget gate's bias starts at 1 (Keras's {@code unit_forget_bias}, default true). */
    public LSTM unitForgetBias(boolean b) {
        checkNotBuilt("unitForgetBias");
        this.unitForgetBias = b;
        return this;
    }

    /** Whether the forget gate's bias starts at 1. */
    public boolean getUnitForgetBias() {
        return unitForgetBias;
    }

    @Override
    Tensor initialBias(Random rng) {
        if (!unitForgetBias) {
            return super.initialBias(rng);
        }
        // Keras: concatenate(bias_initializer((units,)), ones((units,)), bias_initializer((2 units,))).
        int u = units();
        Tensor bias = Tensor.zeros(4 * u);
        float[] b = bias.data();
        System.arraycopy(getBiasInitializer().apply(new int[] {u}, rng).data(), 0, b, 0, u);
        java.util.Arrays.fill(b, u, 2 * u, 1f);
        System.arraycopy(getBiasInitializer().apply(new int[] {2 * u}, rng).data(), 0, b, 2 * u, 2 * u);
        return bias;
    }

    @Override
    BaseRNN blank() {
        return new LSTM(units()).unitForgetBias(unitForgetBias);
    }

    @Override
    public String className() {
        return "LSTM";
    }

    @Override
    protected String namePrefix() {
        return "lstm";
    }
}
