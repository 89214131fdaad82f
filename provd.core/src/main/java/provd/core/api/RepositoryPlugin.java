package provd.core.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An entry of the plugin repository's index ({@code plugins.db}): a plugin bundle that can be installed. Immutable.
 *
 * @param id           the plugin id the bundle provides, e.g. {@code digium-2.8.1}
 * @param version      the version of the plugin's package, e.g. {@code 1.0.4} (not the firmware version, which
 *                     the id names)
 * @param descriptions the description by language: {@code ""} for the default one ({@code description}),
 *                     {@code "fr"} for {@code description_fr}...
 * @param dsize        the bundle jar's size in bytes
 * @param sha1sum      the bundle jar's SHA-1, 40 lower-case hex digits
 * @param filename     the bundle jar's file name under the repository's URL: a plain file name
 * @param capabilities what the plugin supports, by {@code "vendor, model, version"}: lines, function keys...
 */
public record RepositoryPlugin(String id, String version, Map<String, String> descriptions, long dsize,
        String sha1sum, String filename, Map<String, Map<String, Object>> capabilities) {

    public RepositoryPlugin {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(sha1sum, "sha1sum");
        Objects.requireNonNull(filename, "filename");
        descriptions = Map.copyOf(descriptions);
        capabilities = copyOf(capabilities);
    }

    /** The default description; empty when the index gives none. */
    public String description() {
        return descriptions.getOrDefault("", "");
    }

    /**
     * The description for {@code locale}: the one of its language and country ({@code fr_CA}), else of its language
     * ({@code fr}), else the default one.
     */
    public String description(Locale locale) {
        String withCountry = locale.getCountry().isEmpty() ? null
                : descriptions.get(locale.getLanguage() + "_" + locale.getCountry());
        return Optional.ofNullable(withCountry).or(() -> Optional.ofNullable(descriptions.get(locale.getLanguage())))
                .orElseGet(this::description);
    }

    /** An unmodifiable copy of capabilities, keeping their order (values may be {@code null}, as JSON allows). */
    static Map<String, Map<String, Object>> copyOf(Map<String, Map<String, Object>> capabilities) {
        Map<String, Map<String, Object>> copy = new LinkedHashMap<>();
        capabilities.forEach((device, values) -> copy.put(Objects.requireNonNull(device, "capability key"),
                Collections.unmodifiableMap(new LinkedHashMap<>(values))));
        return Collections.unmodifiableMap(copy);
    }
}
