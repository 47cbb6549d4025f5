/**
 * Reading keras.json.
 */
package io.jkeras.config;
