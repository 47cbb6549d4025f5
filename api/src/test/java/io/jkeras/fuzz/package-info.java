/**
 * Coverage-guided fuzz tests (Jazzer's JUnit integration) for the readers of outside input: the
 * IDX reader, the {@code keras.json} reader and the model-file loaders ({@code .keras},
 * {@code .weights.h5}, legacy {@code .h5}). A normal build replays each target's checked-in
 * corpus ({@code src/test/resources/io/jkeras/fuzz/<Class>Inputs/<method>/}); with
 * {@code JAZZER_FUZZ=1} one target is fuzzed for its set time. docs/reliability.md says how.
 */
package io.jkeras.fuzz;
