package io.jkeras.backend;

import io.jkeras.KerasException;
import io.jkeras.config.KerasConfig;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the installed backends and decides which one runs: the one place that reads the
 * environment. The first of these that is set wins:
 * <ol>
 *   <li>code: {@link #use(String)} (or a backend passed to {@code compile});</li>
 *   <li>the system property {@code jkeras.backend};</li>
 *   <li>the environment variable {@code JKERAS_BACKEND};</li>
 *   <li>{@code "backend"} in {@code keras.json} in {@code JKERAS_HOME} (default {@code ~/.jkeras});</li>
 *   <li>the only backend on the classpath;</li>
 *   <li>{@code native}.</li>
 * </ol>
 * {@code "device"} is read the same way: property {@code jkeras.device}, variable
 * {@code JKERAS_DEVICE}, then {@code keras.json}. So is the native backend's
 * {@code "native_threads"}: the variable {@code JKERAS_NATIVE_THREADS} over {@code keras.json} here,
 * and the property {@code jkeras.native.threads} over both in the native backend, which sizes its
 * pool from them (default {@code Runtime.availableProcessors()}).
 */
public final class Backends {
    private static final Logger LOG = LoggerFactory.getLogger(Backends.class);
    /** The backend used when nothing is configured and several are installed. */
    public static final String DEFAULT = "native";

    private static String chosenInCode;
    private static Backend current;

    private Backends() {
    }

    /**
     * Chooses the backend in code; it wins over every other setting. Takes effect for models
     * compiled afterwards; {@link #reset()} forgets it.
     *
     * @throws NullPointerException if {@code name} is {@code null}
     */
    public static synchronized void use(String name) {
        chosenInCode = Objects.requireNonNull(name, "name must not be null; Backends.reset() forgets the choice");
        current = null;
    }

    /** Forgets the backend chosen in code and the started backend, so the next call resolves again. */
    public static synchronized void reset() {
        chosenInCode = null;
        current = null;
    }

    /** The backend that models are compiled on, started on first use. */
    public static synchronized Backend current() {
        if (current == null) {
            Choice c = resolve(chosenInCode, System.getProperties(), System.getenv(), providers());
            current = start(c);
        }
        return current;
    }

    /**
     * Starts the named backend with the configured settings (device, epsilon...).
     *
     * @throws KerasException for an unknown backend or a bad {@code keras.json}
     * @throws NullPointerException if {@code name} is {@code null}
     */
    public static Backend create(String name) {
        Objects.requireNonNull(name, "name must not be null");
        Choice configured = resolve(name, System.getProperties(), System.getenv(), providers());
        return start(configured);
    }

    /**
     * Keras's {@code image_data_format} as {@code keras.json} in {@code JKERAS_HOME} sets it,
     * {@code "channels_last"} when unset; read at each call, for layers that take images.
     *
     * @return the format and the file it came from, e.g. {@code "channels_first"} and {@code ~/.jkeras/keras.json}
     */
    public static Map.Entry<String, Path> imageDataFormat() {
        Path file = jkerasHome(System.getProperties(), System.getenv()).resolve("keras.json");
        return Map.entry(KerasConfig.read(file).settings().imageDataFormat(), file);
    }

    /** The names of the installed backends, sorted. */
    public static List<String> installed() {
        return providers().stream().map(BackendProvider::name).sorted().toList();
    }

    /**
     * Which backend, with which settings, and why.
     *
     * @param backend the backend's name
     * @param source where the name came from, for messages: {@code "system property jkeras.backend"}...
     * @param config the settings for the backend
     * @param provider the provider that makes it
     */
    public record Choice(String backend, String source, BackendConfig config, BackendProvider provider) {
    }

    /**
     * Applies the precedence to explicit inputs; {@link #current()} calls it with the real ones.
     *
     * @param inCode the backend chosen in code, or {@code null} for none
     * @throws KerasException for an unknown backend, naming where it was chosen and what is installed, and for
     *     a {@code JKERAS_NATIVE_THREADS} that is not a positive integer
     * @throws NullPointerException if {@code props}, {@code env} or {@code providers} is {@code null}
     */
    public static Choice resolve(String inCode, Properties props, Map<String, String> env, List<BackendProvider> providers) {
        Objects.requireNonNull(props, "props must not be null");
        Objects.requireNonNull(env, "env must not be null");
        Objects.requireNonNull(providers, "providers must not be null");
        Path home = jkerasHome(props, env);
        Path file = home.resolve("keras.json");
        KerasConfig fileConfig = KerasConfig.read(file);
        String name;
        String source;
        if (inCode != null) {
            name = inCode;
            source = "code (Backends.use or compile)";
        } else if (props.getProperty("jkeras.backend") != null) {
            name = props.getProperty("jkeras.backend");
            source = "system property jkeras.backend";
        } else if (env.get("JKERAS_BACKEND") != null) {
            name = env.get("JKERAS_BACKEND");
            source = "environment variable JKERAS_BACKEND";
        } else if (fileConfig.backend() != null) {
            name = fileConfig.backend();
            source = "field 'backend' of " + file;
        } else if (providers.size() == 1) {
            name = providers.get(0).name();
            source = "the only backend on the classpath";
        } else {
            name = DEFAULT;
            source = "the default";
        }
        String device = props.getProperty("jkeras.device", env.getOrDefault("JKERAS_DEVICE", fileConfig.settings().device()));
        BackendConfig config = fileConfig.settings().withDevice(device);
        String threads = env.get("JKERAS_NATIVE_THREADS");
        if (threads != null) {
            config = config.withNativeThreads(
                    BackendConfig.parseNativeThreads(threads, "Environment variable JKERAS_NATIVE_THREADS"));
        }
        String wanted = name.trim().toLowerCase(java.util.Locale.ROOT);
        BackendProvider provider = providers.stream().filter(p -> p.name().equals(wanted)).findFirst().orElse(null);
        if (provider == null) {
            List<String> names = providers.stream().map(BackendProvider::name).sorted().toList();
            throw new KerasException("Backend '" + name + "' (chosen by " + source + ") is not installed. "
                    + (names.isEmpty() ? "No backend is on the classpath: add jkeras-backend-native or jkeras-backend-dl4j."
                            : "Installed backends: " + String.join(", ", names) + ".")
                    + (wanted.equals("dl4j") || wanted.equals("native")
                            ? " Add the jkeras-backend-" + wanted + " jar to the classpath to use it." : ""));
        }
        return new Choice(wanted, source, config, provider);
    }

    /**
     * {@code JKERAS_HOME} (property {@code jkeras.home} first), else {@code ~/.jkeras}.
     *
     * @throws KerasException if the setting is not a valid path
     */
    public static Path jkerasHome(Properties props, Map<String, String> env) {
        String home = props.getProperty("jkeras.home", env.get("JKERAS_HOME"));
        try {
            if (home != null && !home.isBlank()) {
                return Path.of(home);
            }
            return Path.of(props.getProperty("user.home", "."), ".jkeras");
        } catch (InvalidPathException e) {
            throw new KerasException("JKERAS_HOME (or the property jkeras.home, or user.home) is not a valid path: "
                    + e.getMessage(), e);
        }
    }

    private static Backend start(Choice c) {
        LOG.debug("Using backend '{}' chosen by {}", c.backend(), c.source());
        return c.provider().create(c.config());
    }

    /** The installed providers, found with {@link ServiceLoader}, highest priority first. */
    public static List<BackendProvider> providers() {
        Map<String, BackendProvider> byName = new TreeMap<>();
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            byName.putIfAbsent(p.name(), p);
        }
        List<BackendProvider> list = new ArrayList<>(byName.values());
        list.sort(Comparator.comparingInt(BackendProvider::priority).reversed());
        return list;
    }
}
