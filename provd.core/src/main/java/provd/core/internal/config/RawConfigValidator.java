package provd.core.internal.config;

import static java.util.Map.entry;

import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import provd.core.api.InvalidDocumentException;

/**
 * Checks a config's own, partial {@code raw_config}: the type and range of every key present, and that every key
 * is known. No key is required (configs inherit from each other), a {@code null} value is accepted anywhere
 * ("no value here"), and keys starting with {@code X_} are free-form at every level. The keys are declared in
 * tables below, one line per key.
 */
final class RawConfigValidator {

    /** Checks one non-null value found at {@code path}; throws {@link InvalidDocumentException} if it is wrong. */
    @FunctionalInterface
    private interface Rule {
        void check(String path, Object value);
    }

    private static final String FREE_FORM_PREFIX = "X_";
    private static final Rule ANY = (path, value) -> { };

    private static final Rule STRING = (path, value) -> {
        if (!(value instanceof String)) {
            // the value is not echoed: string keys include passwords and keys
            throw invalid(path, "must be a string, not " + typeName(value));
        }
    };
    private static final Rule BOOLEAN = (path, value) -> {
        if (!(value instanceof Boolean)) {
            throw invalid(path, "must be true or false, not " + describe(value));
        }
    };
    private static final Rule PORT = integer(1, 65535);
    private static final Rule IP = text("an IP address (IPv4 dotted quad or IPv6 literal)", HostNames::isIpAddress);
    private static final Rule HOST = text("an IP address or a host name", HostNames::isHost);
    private static final Rule HTTP_URL = text("an absolute http or https URL", RawConfigValidator::isHttpUrl);
    private static final Rule LOCALE = text("a locale such as fr_FR or de",
            Pattern.compile("[a-z]{2,3}(_[A-Z]{2})?").asMatchPredicate()::test);
    private static final Rule TIMEZONE = text("a time zone id such as Europe/Paris", RawConfigValidator::isZoneId);
    private static final Rule DTMF_MODE = oneOf("RTP-in-band", "RTP-out-of-band", "SIP-INFO");
    private static final Rule SRTP_MODE = oneOf("disabled", "preferred", "required");

    /** Keys of one SIP line ({@code sip_lines.<n>}). */
    private static final Keys LINE = new Keys(Map.ofEntries(
            entry("username", STRING),
            entry("password", STRING),
            entry("display_name", STRING),
            entry("auth_username", STRING),
            entry("number", STRING),
            entry("voicemail", STRING),
            entry("proxy_ip", HOST),
            entry("proxy_port", PORT),
            entry("backup_proxy_ip", HOST),
            entry("backup_proxy_port", PORT),
            entry("registrar_ip", HOST),
            entry("registrar_port", PORT),
            entry("backup_registrar_ip", HOST),
            entry("backup_registrar_port", PORT),
            entry("outbound_proxy_ip", HOST),
            entry("outbound_proxy_port", PORT),
            entry("dtmf_mode", DTMF_MODE),
            entry("srtp_mode", SRTP_MODE)),
            Map.of());

    /** Keys of one SCCP call manager ({@code sccp_call_managers.<n>}). */
    private static final Keys CALL_MANAGER = new Keys(Map.ofEntries(
            entry("ip", HOST),
            entry("port", PORT)),
            Map.of());

    /** Keys of one function key ({@code funckeys.<position>}). */
    private static final Keys FUNCKEY = new Keys(Map.ofEntries(
            entry("type", oneOf("speeddial", "blf", "park")),
            entry("value", STRING),
            entry("label", STRING),
            entry("line", integer(1, null))),
            Map.of());

    /** Top-level keys. */
    private static final Keys TOP = new Keys(Map.ofEntries(
            entry("ip", IP),
            entry("http_base_url", HTTP_URL),
            entry("http_port", PORT),
            entry("tftp_port", PORT),
            entry("locale", LOCALE),
            entry("timezone", TIMEZONE),
            entry("protocol", oneOf("SIP", "SCCP")),
            entry("config_version", integer(0, null)),
            entry("ntp_enabled", BOOLEAN),
            entry("ntp_ip", HOST),
            entry("dns_enabled", BOOLEAN),
            entry("dns_ip", HOST),
            entry("vlan_enabled", BOOLEAN),
            entry("vlan_id", integer(0, 4094)),
            entry("vlan_priority", integer(0, 7)),
            entry("vlan_pc_port_id", integer(0, 4094)),
            entry("syslog_enabled", BOOLEAN),
            entry("syslog_ip", HOST),
            entry("syslog_port", PORT),
            entry("syslog_level", oneOf("critical", "error", "warning", "info", "debug")),
            entry("admin_username", STRING),
            entry("admin_password", STRING),
            entry("user_username", STRING),
            entry("user_password", STRING),
            entry("sip_proxy_ip", HOST),
            entry("sip_proxy_port", PORT),
            entry("sip_backup_proxy_ip", HOST),
            entry("sip_backup_proxy_port", PORT),
            entry("sip_registrar_ip", HOST),
            entry("sip_registrar_port", PORT),
            entry("sip_backup_registrar_ip", HOST),
            entry("sip_backup_registrar_port", PORT),
            entry("sip_outbound_proxy_ip", HOST),
            entry("sip_outbound_proxy_port", PORT),
            entry("sip_dtmf_mode", DTMF_MODE),
            entry("sip_srtp_mode", SRTP_MODE),
            entry("sip_transport", oneOf("udp", "tcp", "tls")),
            entry("sip_subscribe_mwi", BOOLEAN),
            entry("sip_servers_root_and_intermediate_certificates", STRING),
            entry("sip_local_root_and_intermediate_certificates", STRING),
            entry("sip_local_certificate", STRING),
            entry("sip_local_key", STRING),
            entry("exten_voicemail", STRING),
            entry("exten_pickup_call", STRING),
            entry("exten_pickup_group", STRING),
            entry("exten_dnd", STRING),
            entry("exten_park", STRING),
            entry("sip_lines", numbered("a line number", LINE)),
            entry("sccp_call_managers", numbered("a call manager number", CALL_MANAGER)),
            entry("funckeys", numbered("a function key position", FUNCKEY))),
            Map.of("exten_fwd_", STRING));

    private static final Pattern NUMBER_KEY = Pattern.compile("[1-9][0-9]*");
    private static final BigInteger MAX_NUMBER_KEY = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final int MAX_SHOWN = 60;

    private RawConfigValidator() {
    }

    /**
     * Checks a config's own raw config.
     *
     * @throws InvalidDocumentException for the first problem found; its key is the dot path of the key at fault
     *                                  ({@code sip_lines.1.proxy_port})
     */
    static void validate(Map<String, ?> rawConfig) {
        TOP.check("", Objects.requireNonNull(rawConfig, "rawConfig"));
    }

    /** The keys an object may hold: by exact name, then by prefix; {@code X_} keys are always free-form. */
    private record Keys(Map<String, Rule> names, Map<String, Rule> prefixes) {

        void check(String path, Map<?, ?> object) {
            for (Map.Entry<?, ?> e : object.entrySet()) {
                String key = String.valueOf(e.getKey());
                String keyPath = path.isEmpty() ? key : path + "." + key;
                Rule rule = rule(key);
                if (rule == null) {
                    throw invalid(keyPath, "unknown key '" + key + "' (free-form keys must start with "
                            + FREE_FORM_PREFIX + ")");
                }
                if (e.getValue() != null) {
                    rule.check(keyPath, e.getValue());
                }
            }
        }

        private Rule rule(String key) {
            Rule rule = names.get(key);
            if (rule != null) {
                return rule;
            }
            if (key.startsWith(FREE_FORM_PREFIX)) {
                return ANY;
            }
            for (Map.Entry<String, Rule> p : prefixes.entrySet()) {
                if (key.startsWith(p.getKey())) {
                    return p.getValue();
                }
            }
            return null;
        }
    }

    /** An object keyed by positive integers written as strings ("1", "2", ...), each value an object of {@code keys}. */
    private static Rule numbered(String what, Keys keys) {
        return (path, value) -> {
            Map<?, ?> object = object(path, value);
            for (Map.Entry<?, ?> e : object.entrySet()) {
                String key = String.valueOf(e.getKey());
                String keyPath = path + "." + key;
                if (!NUMBER_KEY.matcher(key).matches() || new BigInteger(key).compareTo(MAX_NUMBER_KEY) > 0) {
                    throw invalid(keyPath, "unknown key '" + key + "': the keys of " + path + " must be " + what
                            + ", a positive integer without leading zeros written as a string (\"1\", \"2\", ...)");
                }
                if (e.getValue() != null) {
                    keys.check(keyPath, object(keyPath, e.getValue()));
                }
            }
        };
    }

    private static Map<?, ?> object(String path, Object value) {
        if (!(value instanceof Map)) {
            throw invalid(path, "must be an object, not " + describe(value));
        }
        return (Map<?, ?>) value;
    }

    /** An integer (Integer, Long or BigInteger) from {@code min} to {@code max}; a null bound is open. */
    private static Rule integer(Integer min, Integer max) {
        String allowed = max == null ? "an integer of at least " + min : "an integer from " + min + " to " + max;
        return (path, value) -> {
            BigInteger n = value instanceof Integer || value instanceof Long
                    ? BigInteger.valueOf(((Number) value).longValue())
                    : value instanceof BigInteger ? (BigInteger) value : null;
            if (n == null || n.compareTo(BigInteger.valueOf(min)) < 0
                    || max != null && n.compareTo(BigInteger.valueOf(max)) > 0) {
                throw invalid(path, "must be " + allowed + ", not " + describe(value));
            }
        };
    }

    /** A string that is one of {@code allowed}, case included. */
    private static Rule oneOf(String... allowed) {
        List<String> values = List.of(allowed);
        return text("one of " + String.join(", ", values), values::contains);
    }

    @FunctionalInterface
    private interface TextTest {
        boolean test(String text);
    }

    /** A string passing {@code test}; {@code allowed} says what is allowed in the error message. */
    private static Rule text(String allowed, TextTest test) {
        return (path, value) -> {
            if (!(value instanceof String) || !test.test((String) value)) {
                throw invalid(path, "must be " + allowed + ", not " + describe(value));
            }
        };
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme();
            return uri.isAbsolute() && !uri.isOpaque()
                    && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                    && uri.getHost() != null && !uri.getHost().isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isZoneId(String text) {
        if (text.isBlank()) {
            return false;
        }
        try {
            ZoneId.of(text);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static InvalidDocumentException invalid(String path, String reason) {
        return new InvalidDocumentException(path, reason);
    }

    private static String typeName(Object value) {
        if (value instanceof String) {
            return "a string";
        } else if (value instanceof Boolean) {
            return "a boolean";
        } else if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            return "an integer";
        } else if (value instanceof Number) {
            return "a decimal number";
        } else if (value instanceof Map) {
            return "an object";
        } else if (value instanceof List) {
            return "a list";
        }
        return "a " + value.getClass().getSimpleName();
    }

    /** The value as it would read in JSON, shortened; objects and lists by their type only. */
    private static String describe(Object value) {
        String shown;
        if (value instanceof String) {
            shown = "\"" + value + "\"";
        } else if (value instanceof Number || value instanceof Boolean) {
            shown = value.toString();
        } else {
            return typeName(value);
        }
        return shown.length() > MAX_SHOWN ? shown.substring(0, MAX_SHOWN) + "..." : shown;
    }
}
