package io.jkeras.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.KerasException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The precedence of DESIGN.md: code > property > environment > keras.json > only one > native. */
class BackendsTest {
    @TempDir
    Path home;

    private final Properties props = new Properties();
    private final Map<String, String> env = new HashMap<>();
    private final List<BackendProvider> both = List.of(provider("native", 10), provider("dl4j", 5));

    private static BackendProvider provider(String name, int priority) {
        return new BackendProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int priority() {
                return priority;
            }

            @Override
            public Backend create(BackendConfig config) {
                throw new UnsupportedOperationException("resolution tests never start a backend");
            }
        };
    }

    @BeforeEach
    void isolateFromTheMachine() {
        env.put("JKERAS_HOME", home.toString());
    }

    private void writeKerasJson(String json) throws Exception {
        Files.writeString(home.resolve("keras.json"), json);
    }

    @Test
    void codeWinsOverEverything() throws Exception {
        writeKerasJson("{\"backend\": \"native\"}");
        props.setProperty("jkeras.backend", "native");
        env.put("JKERAS_BACKEND", "native");
        Backends.Choice c = Backends.resolve("dl4j", props, env, both);
        assertEquals("dl4j", c.backend());
        assertTrue(c.source().startsWith("code"));
    }

    @Test
    void propertyWinsOverEnvironmentAndFile() throws Exception {
        writeKerasJson("{\"backend\": \"native\"}");
        props.setProperty("jkeras.backend", "dl4j");
        env.put("JKERAS_BACKEND", "native");
        assertEquals("dl4j", Backends.resolve(null, props, env, both).backend());
    }

    @Test
    void environmentWinsOverFile() throws Exception {
        writeKerasJson("{\"backend\": \"native\"}");
        env.put("JKERAS_BACKEND", "dl4j");
        assertEquals("dl4j", Backends.resolve(null, props, env, both).backend());
    }

    @Test
    void fileIsReadFromJkerasHome() throws Exception {
        writeKerasJson("{\"backend\": \"dl4j\", \"device\": \"cpu\"}");
        Backends.Choice c = Backends.resolve(null, props, env, both);
        assertEquals("dl4j", c.backend());
        assertEquals("cpu", c.config().device());
        assertTrue(c.source().contains("keras.json"), c.source());
    }

    @Test
    void theOnlyInstalledBackendIsChosen() {
        assertEquals("dl4j", Backends.resolve(null, props, env, List.of(provider("dl4j", 1))).backend());
    }

    @Test
    void nativeIsTheDefaultAmongSeveral() {
        assertEquals("native", Backends.resolve(null, props, env, both).backend());
    }

    @Test
    void unknownBackendNamesSourceAndInstalledBackends() throws Exception {
        writeKerasJson("{\"backend\": \"jax\"}");
        KerasException e = assertThrows(KerasException.class, () -> Backends.resolve(null, props, env, both));
        assertTrue(e.getMessage().contains("'jax'"), e.getMessage());
        assertTrue(e.getMessage().contains("keras.json"), e.getMessage());
        assertTrue(e.getMessage().contains("dl4j, native"), e.getMessage());
    }

    @Test
    void configuredBackendWhoseJarIsMissingSaysWhichJarToAdd() {
        env.put("JKERAS_BACKEND", "dl4j");
        KerasException e = assertThrows(KerasException.class,
                () -> Backends.resolve(null, props, env, List.of(provider("native", 1))));
        assertTrue(e.getMessage().contains("JKERAS_BACKEND"), e.getMessage());
        assertTrue(e.getMessage().contains("jkeras-backend-dl4j"), e.getMessage());
    }

    @Test
    void deviceComesFromPropertyThenEnvironmentThenFile() throws Exception {
        writeKerasJson("{\"device\": \"cpu\"}");
        env.put("JKERAS_DEVICE", "cuda:1");
        assertEquals("cuda:1", Backends.resolve(null, props, env, both).config().device());
        props.setProperty("jkeras.device", "cuda:0");
        assertEquals("cuda:0", Backends.resolve(null, props, env, both).config().device());
    }

    @Test
    void nativeThreadsComeFromEnvironmentThenFile() throws Exception {
        assertNull(Backends.resolve(null, props, env, both).config().nativeThreads());
        writeKerasJson("{\"native_threads\": 3}");
        assertEquals(3, Backends.resolve(null, props, env, both).config().nativeThreads());
        env.put("JKERAS_NATIVE_THREADS", " 6 ");
        assertEquals(6, Backends.resolve(null, props, env, both).config().nativeThreads());
    }

    @Test
    void nativeThreadsFromTheEnvironmentMustBeAPositiveInteger() {
        for (String value : new String[] {"0", "-1", "1.5", "four", ""}) {
            env.put("JKERAS_NATIVE_THREADS", value);
            KerasException e = assertThrows(KerasException.class, () -> Backends.resolve(null, props, env, both), value);
            assertEquals("Environment variable JKERAS_NATIVE_THREADS must be a positive integer, the threads of the"
                    + " native backend's pool (1 turns threading off). Received: '" + value + "'", e.getMessage());
        }
    }

    @Test
    void aConfigWithANonPositiveThreadCountIsRefused() {
        KerasException e = assertThrows(KerasException.class, () -> BackendConfig.defaults().withNativeThreads(0));
        assertTrue(e.getMessage().contains("nativeThreads must be a positive integer"), e.getMessage());
        assertTrue(e.getMessage().contains("Received: 0"), e.getMessage());
        assertEquals(2, BackendConfig.defaults().withNativeThreads(2).withDevice("cpu").nativeThreads());
    }

    @Test
    void malformedKerasJsonFailsResolutionNamingTheFile() throws Exception {
        writeKerasJson("{backend: native}");
        KerasException e = assertThrows(KerasException.class, () -> Backends.resolve(null, props, env, both));
        assertTrue(e.getMessage().contains(home.resolve("keras.json").toString()), e.getMessage());
    }

    @Test
    void homeDefaultsToDotJkerasInUserHome() {
        Properties p = new Properties();
        p.setProperty("user.home", "/home/ada");
        assertEquals(Path.of("/home/ada/.jkeras"), Backends.jkerasHome(p, Map.of()));
    }

    @Test
    void nullArgumentsAreNamed() {
        assertEquals("name must not be null; Backends.reset() forgets the choice",
                assertThrows(NullPointerException.class, () -> Backends.use(null)).getMessage());
        assertEquals("name must not be null", assertThrows(NullPointerException.class, () -> Backends.create(null)).getMessage());
        assertEquals("env must not be null",
                assertThrows(NullPointerException.class, () -> Backends.resolve(null, new Properties(), null, List.of()))
                        .getMessage());
    }
}
