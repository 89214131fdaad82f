package provd.core.internal.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import provd.core.api.Config;
import provd.core.api.InvalidDocumentException;
import provd.core.store.DocumentStore;

/**
 * Checks a config document's own shape (the graph checks its parents): its id, {@code parent_ids} a list of ids,
 * {@code raw_config} a valid raw config, the flags booleans, the labels text. Other keys are kept as they are.
 */
public final class ConfigDocuments {
    private ConfigDocuments() {
    }

    /**
     * @return the config to store: {@code parent_ids} and {@code raw_config} present
     * @throws InvalidDocumentException naming the key at fault
     */
    public static Config normalize(Config config) {
        Map<String, Object> doc = new LinkedHashMap<>(config.asMap());
        Object id = doc.get(Config.ID);
        if (!(id instanceof String) || !DocumentStore.VALID_ID.matcher((String) id).matches()) {
            throw new InvalidDocumentException(Config.ID, "must be 1 to 128 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit, not " + describe(id));
        }
        Object parents = doc.getOrDefault(Config.PARENT_IDS, List.of());
        if (!(parents instanceof List) || !((List<?>) parents).stream().allMatch(String.class::isInstance)) {
            throw new InvalidDocumentException(Config.PARENT_IDS, "must be a list of config ids, not " + describe(parents));
        }
        doc.put(Config.PARENT_IDS, parents);
        Object raw = doc.getOrDefault(Config.RAW_CONFIG, Map.of());
        if (!(raw instanceof Map)) {
            throw new InvalidDocumentException(Config.RAW_CONFIG, "must be an object, not " + describe(raw));
        }
        try {
            RawConfigValidator.validate(castMap(raw));
        } catch (InvalidDocumentException e) {
            throw new InvalidDocumentException(Config.RAW_CONFIG + "." + e.key(),
                    e.getMessage().substring(e.key().length() + 2));
        }
        doc.put(Config.RAW_CONFIG, raw);
        for (String flag : List.of(Config.DELETABLE, Config.TRANSIENT)) {
            Object value = doc.get(flag);
            if (value != null && !(value instanceof Boolean)) {
                throw new InvalidDocumentException(flag, "must be true or false, not " + describe(value));
            }
        }
        for (String text : List.of(Config.ROLE, Config.X_TYPE, Config.LABEL)) {
            Object value = doc.get(text);
            if (value != null && !(value instanceof String)) {
                throw new InvalidDocumentException(text, "must be a string, not " + describe(value));
            }
        }
        return Config.of(doc);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> castMap(Object raw) {
        return (Map<String, ?>) raw;
    }

    static String describe(Object value) {
        return value instanceof String ? "'" + value + "'" : String.valueOf(value);
    }
}
