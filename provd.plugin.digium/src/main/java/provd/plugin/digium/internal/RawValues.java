package provd.plugin.digium.internal;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import provd.core.spi.InvalidConfigurationException;

/**
 * Reads raw-config values robustly: a key may be absent, {@code null}, blank, or a number where text is expected.
 * Text is made safe for XML 1.0 (characters XML cannot carry are dropped, tabs and line breaks become spaces, as an
 * XML parser would turn them into in an attribute anyway); escaping is the templates' job.
 */
final class RawValues {
    private RawValues() {
    }

    /** A value as text: strings as they are, numbers without a fraction when integral; empty when absent or blank. */
    static Optional<String> text(Map<String, ?> map, String key) {
        return raw(map, key).filter(s -> !s.isBlank());
    }

    /** A value as text, blank strings included; empty only when absent or not a scalar. */
    static Optional<String> raw(Map<String, ?> map, String key) {
        Object value = map.get(key);
        String s;
        if (value instanceof String) {
            s = (String) value;
        } else if (value instanceof Number) {
            s = number((Number) value);
        } else if (value instanceof Boolean) {
            s = value.toString();
        } else {
            return Optional.empty();
        }
        return Optional.of(xmlSafe(s));
    }

    /** Whether a flag is on: {@code true}, or the text {@code true}, in any case. */
    static boolean flag(Map<String, ?> map, String key) {
        Object value = map.get(key);
        return Boolean.TRUE.equals(value) || value instanceof String && ((String) value).trim().equalsIgnoreCase("true");
    }

    /**
     * A whole number between {@code min} and {@code max}, as text.
     *
     * @param path the key's dot path, for the exception
     * @throws InvalidConfigurationException naming {@code path} when the value is not such a number
     */
    static Optional<String> integer(Map<String, ?> map, String key, String path, long min, long max)
            throws InvalidConfigurationException {
        Optional<String> text = text(map, key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            long n = Long.parseLong(text.get().trim());
            if (n >= min && n <= max) {
                return Optional.of(Long.toString(n));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidConfigurationException(path, "must be a whole number from " + min + " to " + max);
    }

    /** A port number (1–65535), as text. */
    static Optional<String> port(Map<String, ?> map, String key, String path) throws InvalidConfigurationException {
        return integer(map, key, path, 1, 65535);
    }

    /** A nested object; empty when absent or {@code null}; an exception naming {@code path} when not an object. */
    @SuppressWarnings("unchecked")
    static Optional<Map<String, Object>> object(Map<String, ?> map, String key, String path)
            throws InvalidConfigurationException {
        Object value = map.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Map) {
            return Optional.of((Map<String, Object>) value);
        }
        throw new InvalidConfigurationException(path, "must be an object");
    }

    /** A key of {@code sip_lines} or {@code funckeys}: a positive whole number. */
    static int position(String key, String path) throws InvalidConfigurationException {
        try {
            int n = Integer.parseInt(key.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidConfigurationException(path, "must be keyed by a positive whole number");
    }

    /** A host as it goes into a URI: an IPv6 literal gets its brackets. */
    static String uriHost(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static String number(Number n) {
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
            return BigDecimal.valueOf(d).toPlainString();
        }
        if (n instanceof BigDecimal) {
            BigDecimal b = ((BigDecimal) n).stripTrailingZeros();
            return b.scale() <= 0 ? b.toBigInteger().toString() : b.toPlainString();
        }
        return n.toString();
    }

    /** Drops what XML 1.0 cannot carry (control characters, lone surrogates, U+FFFE/U+FFFF); tabs/breaks → spaces. */
    static String xmlSafe(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length();) {
            int cp = s.codePointAt(i);
            int next = i + Character.charCount(cp);
            boolean whitespace = cp == '\t' || cp == '\n' || cp == '\r';
            boolean allowed = cp >= 0x20 && cp <= 0xD7FF || cp >= 0xE000 && cp <= 0xFFFD || cp >= 0x10000;
            if (whitespace || !allowed) {
                if (sb == null) {
                    sb = new StringBuilder(s.length()).append(s, 0, i);
                }
                if (whitespace) {
                    sb.append(' ');
                }
            } else if (sb != null) {
                sb.appendCodePoint(cp);
            }
            i = next;
        }
        return sb == null ? s : sb.toString();
    }

    /** Lower-cases a keyword such as {@code sip_transport}. */
    static String keyword(String s) {
        return s.trim().toLowerCase(Locale.ROOT);
    }
}
