package provd.core.internal.repository;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import provd.core.api.RepositoryPlugin;
import provd.core.store.DocumentStore;

/**
 * The plugin repository's index, wazo-provd's {@code plugins.db}: a JSON object whose keys are plugin ids and whose
 * values give each plugin's {@code version}, {@code description} (and {@code description_<lang>}), {@code dsize},
 * {@code sha1sum}, {@code filename} and {@code capabilities}. An index is accepted whole or not at all: the first
 * entry at fault is named in the refusal.
 */
final class PluginIndex {
    /** The largest index read; real ones are tens of kilobytes. */
    static final int MAX_BYTES = 16 << 20;
    private static final Pattern SHA1 = Pattern.compile("[0-9a-fA-F]{40}");
    /** A plain file name, as the downloader's cache takes it: no directory, no {@code ..}. */
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,254}");
    /** {@code description}, or {@code description_<lang>} ({@code fr}, {@code fr_CA}): the language is group 1. */
    private static final Pattern DESCRIPTION =
            Pattern.compile("description(?:_([A-Za-z]{2,8}(?:_[A-Za-z0-9]{2,8})?))?");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** An index refused: its message names what is wrong, and where. */
    static final class InvalidIndexException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidIndexException(String message) {
            super(message);
        }
    }

    private PluginIndex() {
    }

    /** The index's entries, sorted by id. */
    static List<RepositoryPlugin> parse(byte[] content) throws InvalidIndexException {
        if (content.length > MAX_BYTES) {
            throw new InvalidIndexException("the index is larger than " + MAX_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (JsonProcessingException e) {
            throw new InvalidIndexException("the index is not valid JSON: " + e.getOriginalMessage() + " (line "
                    + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw new InvalidIndexException("the index cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidIndexException("the index is not a JSON object of plugins by id");
        }
        List<RepositoryPlugin> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            entries.add(entry(field.getKey(), field.getValue()));
        }
        entries.sort(Comparator.comparing(RepositoryPlugin::id));
        return List.copyOf(entries);
    }

    private static RepositoryPlugin entry(String id, JsonNode entry) throws InvalidIndexException {
        if (!DocumentStore.VALID_ID.matcher(id).matches()) {
            throw refused(id, "the id is not a plain name (letters, digits, '.', '_', '-')");
        }
        if (!entry.isObject()) {
            throw refused(id, "not an object");
        }
        String version = text(id, entry, "version");
        if (version.isBlank()) {
            throw refused(id, "version is empty");
        }
        String filename = text(id, entry, "filename");
        if (!FILE_NAME.matcher(filename).matches()) {
            throw refused(id, "filename '" + filename + "' is not a plain file name");
        }
        String sha1 = text(id, entry, "sha1sum");
        if (!SHA1.matcher(sha1).matches()) {
            throw refused(id, "sha1sum '" + sha1 + "' is not 40 hex digits");
        }
        JsonNode dsize = entry.get("dsize");
        if (dsize == null || !dsize.isIntegralNumber() || !dsize.canConvertToLong() || dsize.asLong() < 0) {
            throw refused(id, "dsize " + dsize + " is not a size in bytes");
        }
        return new RepositoryPlugin(id, version, descriptions(id, entry), dsize.asLong(), sha1.toLowerCase(Locale.ROOT),
                filename, capabilities(id, entry.get("capabilities")));
    }

    private static String text(String id, JsonNode entry, String key) throws InvalidIndexException {
        JsonNode value = entry.get(key);
        if (value == null || value.isNull()) {
            throw refused(id, key + " is missing");
        }
        if (!value.isTextual()) {
            throw refused(id, key + " is not a string");
        }
        return value.asText();
    }

    /** {@code description} under {@code ""}, each {@code description_<lang>} under its language. */
    private static Map<String, String> descriptions(String id, JsonNode entry) throws InvalidIndexException {
        Map<String, String> descriptions = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = entry.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            var matcher = DESCRIPTION.matcher(field.getKey());
            if (matcher.matches()) {
                if (!field.getValue().isTextual()) {
                    throw refused(id, field.getKey() + " is not a string");
                }
                descriptions.put(matcher.group(1) == null ? "" : matcher.group(1), field.getValue().asText());
            }
        }
        return descriptions;
    }

    private static Map<String, Map<String, Object>> capabilities(String id, JsonNode capabilities)
            throws InvalidIndexException {
        Map<String, Map<String, Object>> all = new LinkedHashMap<>();
        if (capabilities == null || capabilities.isNull()) {
            return all;
        }
        if (!capabilities.isObject()) {
            throw refused(id, "capabilities is not an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = capabilities.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> device = it.next();
            if (!device.getValue().isObject()) {
                throw refused(id, "capabilities of '" + device.getKey() + "' is not an object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> values = JSON.convertValue(device.getValue(), LinkedHashMap.class);
            all.put(device.getKey(), values);
        }
        return all;
    }

    private static InvalidIndexException refused(String id, String problem) {
        return new InvalidIndexException("the index's entry '" + id + "' is refused: " + problem);
    }
}
