/**
 * keras.ops-style tensor functions for users, and the broadcasting rule every backend shares.
 */
package io.jkeras.ops;
