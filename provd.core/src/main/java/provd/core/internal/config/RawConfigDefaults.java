package provd.core.internal.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The defaults filled into a fully resolved raw config before a plugin sees it. A key counts as absent when it is
 * missing or null; a key is filled only when its source has a value, and a value already there is never replaced.
 * <p>
 * Top level:
 * <ul>
 * <li>{@code sip_transport} ← {@code "udp"}; {@code sip_srtp_mode} ← {@code "disabled"}</li>
 * <li>{@code syslog_port} ← 514; {@code syslog_level} ← {@code "warning"}</li>
 * <li>{@code sip_proxy_port} ← 5060, when {@code sip_proxy_ip} is set</li>
 * </ul>
 * Each line of {@code sip_lines}, in this order (later rules see earlier fills):
 * <ul>
 * <li>{@code auth_username} ← the line's {@code username}</li>
 * <li>{@code proxy_ip} ← {@code sip_proxy_ip}; {@code proxy_port} ← {@code sip_proxy_port}, else 5060 when the
 * line has a {@code proxy_ip}</li>
 * <li>{@code registrar_ip} ← {@code sip_registrar_ip}, else the line's {@code proxy_ip}; {@code registrar_port} ←
 * {@code sip_registrar_port}, else the line's {@code proxy_port}</li>
 * <li>{@code backup_proxy_ip}/{@code _port} ← {@code sip_backup_proxy_ip}/{@code _port}</li>
 * <li>{@code backup_registrar_ip}/{@code _port} ← {@code sip_backup_registrar_ip}/{@code _port}, else the line's
 * {@code backup_proxy_ip}/{@code _port}</li>
 * <li>{@code outbound_proxy_ip}/{@code _port} ← {@code sip_outbound_proxy_ip}/{@code _port}</li>
 * <li>{@code dtmf_mode} ← {@code sip_dtmf_mode}; {@code srtp_mode} ← {@code sip_srtp_mode};
 * {@code voicemail} ← {@code exten_voicemail}</li>
 * </ul>
 * A line that is not an object (null) is left as it is.
 */
public final class RawConfigDefaults {
    static final int SIP_PORT = 5060;
    static final int SYSLOG_PORT = 514;

    private RawConfigDefaults() {
    }

    /** A new raw config: a deep copy of {@code resolved} with the defaults filled in; the input is not changed. */
    public static Map<String, Object> apply(Map<String, ?> resolved) {
        Map<String, Object> config = copy(resolved);
        fill(config, "sip_transport", "udp");
        fill(config, "sip_srtp_mode", "disabled");
        fill(config, "syslog_port", SYSLOG_PORT);
        fill(config, "syslog_level", "warning");
        if (present(config, "sip_proxy_ip")) {
            fill(config, "sip_proxy_port", SIP_PORT);
        }
        if (config.get("sip_lines") instanceof Map<?, ?> lines) {
            for (Object line : lines.values()) {
                if (line instanceof Map<?, ?>) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> l = (Map<String, Object>) line;
                    fillLine(config, l);
                }
            }
        }
        return config;
    }

    private static void fillLine(Map<String, Object> top, Map<String, Object> line) {
        fill(line, "auth_username", line.get("username"));
        fill(line, "proxy_ip", top.get("sip_proxy_ip"));
        fill(line, "proxy_port", top.get("sip_proxy_port"));
        if (present(line, "proxy_ip")) {
            fill(line, "proxy_port", SIP_PORT);
        }
        fill(line, "registrar_ip", top.get("sip_registrar_ip"));
        fill(line, "registrar_ip", line.get("proxy_ip"));
        fill(line, "registrar_port", top.get("sip_registrar_port"));
        fill(line, "registrar_port", line.get("proxy_port"));
        fill(line, "backup_proxy_ip", top.get("sip_backup_proxy_ip"));
        fill(line, "backup_proxy_port", top.get("sip_backup_proxy_port"));
        fill(line, "backup_registrar_ip", top.get("sip_backup_registrar_ip"));
        fill(line, "backup_registrar_ip", line.get("backup_proxy_ip"));
        fill(line, "backup_registrar_port", top.get("sip_backup_registrar_port"));
        fill(line, "backup_registrar_port", line.get("backup_proxy_port"));
        fill(line, "outbound_proxy_ip", top.get("sip_outbound_proxy_ip"));
        fill(line, "outbound_proxy_port", top.get("sip_outbound_proxy_port"));
        fill(line, "dtmf_mode", top.get("sip_dtmf_mode"));
        fill(line, "srtp_mode", top.get("sip_srtp_mode"));
        fill(line, "voicemail", top.get("exten_voicemail"));
    }

    /** Sets {@code key} to {@code value} when the key is absent and {@code value} is not null. */
    private static void fill(Map<String, Object> map, String key, Object value) {
        if (value != null && !present(map, key)) {
            map.put(key, value);
        }
    }

    private static boolean present(Map<String, ?> map, String key) {
        return map.get(key) != null;
    }

    private static Map<String, Object> copy(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), copyValue(v)));
        return copy;
    }

    private static Object copyValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return copy(map);
        } else if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(copyValue(v)));
            return copy;
        }
        return value;
    }
}
