package io.jkeras.layers;

import io.jkeras.backend.RecurrentSpec;

/**
 * Keras's {@code SimpleRNN}: {@code h_t = activation(x_t @ kernel + bias + h_{t-1} @ recurrent_kernel)},
 * the state starting at zero.
 *
 * <p>Input shape: {@code (batch, timesteps, features)}. Output shape: {@code (batch, units)}, or
 * {@code (batch, timesteps, units)} with {@code returnSequences}. Weights: {@code kernel
 * (features, units)}, {@code recurrent_kernel (units, units)}, {@code bias (units,)}.
 */
public final class SimpleRNN extends BaseRNN {

    /** A SimpleRNN of {@code units} with Keras's defaults (tanh). */
    public SimpleRNN(int units) {
        super(RecurrentSpec.Cell.SIMPLE_RNN, units);
    }

    @Override
    BaseRNN blank() {
        return new SimpleRNN(units());
    }

    @Override
    public String className() {
        return "SimpleRNN";
    }

    @Override
    protected String namePrefix() {
        return "simple_rnn";
    }
}
