/** The shared conformance suite from jkeras-api's test jar, run on the dl4j backend. */
package io.jkeras.backend.dl4j.conformance;
