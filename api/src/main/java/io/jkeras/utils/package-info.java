/**
 * Small helpers shared by the facade and the samples, such as writing numbers as Python does.
 */
package io.jkeras.utils;
