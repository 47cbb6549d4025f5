/**
 * Keras 3's model files, as {@code keras/src/saving/}: {@code .keras} zips and {@code .weights.h5}
 * files written and read ({@link io.jkeras.saving.SavingLib}), legacy Keras 2 {@code .h5} files
 * read, Keras's configuration of every jkeras layer, activation, initializer, regularizer, loss,
 * optimizer and metric, and the registry of the only classes loading may make
 * ({@link io.jkeras.saving.ObjectRegistration}). Files are untrusted input: every size is checked
 * before it is allocated and every problem is a {@link io.jkeras.saving.SavingException} subclass
 * naming the file and the entry.
 */
package io.jkeras.saving;
