/** The backend conformance suite from jkeras-api's test-jar, run on the native backend. */
package io.jkeras.backend.nativebackend.conformance;
