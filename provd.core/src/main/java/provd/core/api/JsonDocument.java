package provd.core.api;

import java.util.Map;
import java.util.Optional;

/** What devices, configs and raw configs share: an unmodifiable JSON-shaped map and typed reads of it. */
abstract class JsonDocument {
    /** Frozen (see {@link Documents#freeze}): deeply unmodifiable. */
    final Map<String, Object> document;

    JsonDocument(Map<String, Object> document) {
        this.document = document;
    }

    /** A value of the document: a String, Number, Boolean, List, Map or {@code null}. */
    public Optional<Object> get(String key) {
        return Optional.ofNullable(document.get(key));
    }

    /** A text value; empty when absent or not text. */
    public Optional<String> string(String key) {
        Object value = document.get(key);
        return value instanceof String ? Optional.of((String) value) : Optional.empty();
    }

    /** The whole document, unmodifiable, nested objects included. */
    public Map<String, Object> asMap() {
        return document;
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((JsonDocument) o).document.equals(document);
    }

    @Override
    public int hashCode() {
        return document.hashCode();
    }
}
