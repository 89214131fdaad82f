package provd.core.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A config document, with the keys of wazo-provd: {@code id}, {@code parent_ids} (ids of the configs it inherits
 * from, in order), {@code raw_config} (its own raw configuration), {@code role} ({@code default},
 * {@code autocreate}), {@code deletable}, {@code transient} (deleted when no device uses it any more),
 * {@code X_type}, {@code label}, and any other key, which is kept. Immutable.
 */
public final class Config extends JsonDocument {
    public static final String ID = "id";
    public static final String PARENT_IDS = "parent_ids";
    public static final String RAW_CONFIG = "raw_config";
    public static final String ROLE = "role";
    public static final String DELETABLE = "deletable";
    public static final String TRANSIENT = "transient";
    public static final String X_TYPE = "X_type";
    public static final String LABEL = "label";

    /** The role of the config new devices get a copy of. */
    public static final String ROLE_AUTOCREATE = "autocreate";

    private Config(Map<String, Object> document) {
        super(document);
    }

    /** A config holding a copy of {@code document}, whose values must be JSON-shaped. */
    public static Config of(Map<String, ?> document) {
        return new Config(Documents.freeze(Objects.requireNonNull(document, "document")));
    }

    public Optional<String> id() {
        return string(ID);
    }

    /** The ids of the configs this one inherits from, in order (later ones win). */
    public List<String> parentIds() {
        Object value = document.get(PARENT_IDS);
        List<String> ids = new ArrayList<>();
        if (value instanceof List) {
            for (Object id : (List<?>) value) {
                if (id instanceof String) {
                    ids.add((String) id);
                }
            }
        }
        return List.copyOf(ids);
    }

    /** This config's own raw configuration, unresolved; empty when it has none. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> rawConfig() {
        Object value = document.get(RAW_CONFIG);
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }

    public Optional<String> role() {
        return string(ROLE);
    }

    /** Whether it may be deleted; shipped defaults may not. True when absent. */
    public boolean deletable() {
        return !Boolean.FALSE.equals(document.get(DELETABLE));
    }

    /** Whether it is deleted when its last device leaves it. False when absent. */
    public boolean isTransient() {
        return Boolean.TRUE.equals(document.get(TRANSIENT));
    }

    /** A copy with {@code key} set to {@code value}; a {@code null} value removes the key. */
    public Config with(String key, Object value) {
        return new Config(Documents.with(document, key, value));
    }

    @Override
    public String toString() {
        // raw configs hold passwords: show the shape only
        return "Config[id=" + id().orElse("?") + ", parent_ids=" + parentIds() + ", keys=" + document.keySet() + "]";
    }
}
