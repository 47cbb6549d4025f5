/**
 * The backend SPI (providers found with ServiceLoader, compiled models, tensor ops) and the one place that chooses the backend.
 */
package io.jkeras.backend;
