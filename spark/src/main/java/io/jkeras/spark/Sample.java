package io.jkeras.spark;

import java.io.Serializable;

/**
 * One training sample: its features, row-major in the model's input shape, and its label (one
 * class index for sparse categorical crossentropy, else the values the model's output is compared to).
 *
 * @param features the input values, {@code prod(inputShape)} of them
 * @param label the target values
 */
public record Sample(float[] features, float[] label) implements Serializable {
}
