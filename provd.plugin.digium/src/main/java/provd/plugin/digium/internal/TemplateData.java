package provd.plugin.digium.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import provd.core.api.Device;
import provd.core.api.MacAddress;
import provd.core.api.RawConfig;
import provd.core.spi.InvalidConfigurationException;

/**
 * The data model the templates render: the device and its raw config checked, defaulted and put in the phone's
 * terms, every value a string (or a list or map of them) so that templates only print. Keys (see the README):
 * {@code mac}, {@code model}, {@code server_url}, {@code login_password}, {@code time_zone}?, {@code ntp_server}?,
 * {@code vlan_id}, {@code vlan_qos}, {@code locale}?, {@code contacts_url}, {@code accounts}, {@code firmwares},
 * {@code contacts}, and the untouched {@code raw} (raw config) and {@code device} documents for operator templates.
 * A key marked ? is absent when there is no value.
 */
final class TemplateData {
    private static final Logger LOG = LoggerFactory.getLogger(TemplateData.class);

    static final String DEFAULT_LOGIN_PASSWORD = "789";
    static final String DEFAULT_SIP_PORT = "5060";
    static final String DEFAULT_HTTP_PORT = "8667";
    private static final Set<String> TRANSPORTS = Set.of("udp", "tcp", "tls");

    private TemplateData() {
    }

    /**
     * Builds the data model.
     *
     * @param model the device's model when supported; when empty, no line limit applies
     * @throws InvalidConfigurationException naming the key when a required value is missing or malformed
     */
    static Map<String, Object> of(Device device, MacAddress mac, Optional<DigiumModel> model, RawConfig rawConfig)
            throws InvalidConfigurationException {
        Map<String, Object> raw = rawConfig.asMap();
        Map<String, Object> data = new LinkedHashMap<>();
        String serverUrl = serverUrl(raw);

        data.put("mac", mac.compact());
        device.model().map(RawValues::xmlSafe).ifPresent(m -> data.put("model", m));
        data.put("server_url", serverUrl);
        data.put("login_password", RawValues.text(raw, "admin_password").orElse(DEFAULT_LOGIN_PASSWORD));
        RawValues.text(raw, "timezone").ifPresent(tz -> data.put("time_zone", tz));
        if (RawValues.flag(raw, "ntp_enabled")) {
            RawValues.text(raw, "ntp_ip").ifPresent(ntp -> data.put("ntp_server", ntp));
        }
        if (RawValues.flag(raw, "vlan_enabled")) {
            data.put("vlan_id", RawValues.integer(raw, "vlan_id", "vlan_id", 0, 4094).orElse("0"));
            data.put("vlan_qos", RawValues.integer(raw, "vlan_priority", "vlan_priority", 0, 7).orElse("0"));
        } else {
            data.put("vlan_id", "0");
            data.put("vlan_qos", "0");
        }
        RawValues.text(raw, "locale").ifPresent(locale -> data.put("locale", locale));
        data.put("contacts_url", serverUrl + "/" + DigiumPlugin.FOLDER + "/" + mac.compact() + "-contacts.xml");

        List<Map<String, Object>> accounts = accounts(device, raw, model);
        data.put("accounts", accounts);
        data.put("firmwares", firmwares(serverUrl));
        data.put("contacts", contacts(raw, mainProxy(raw, accounts)));

        data.put("raw", raw);
        data.put("device", device.asMap());
        return data;
    }

    /** {@code http_base_url} without trailing slash, else {@code http://<ip>:<http_port>}. */
    static String serverUrl(Map<String, Object> raw) throws InvalidConfigurationException {
        Optional<String> base = RawValues.text(raw, "http_base_url");
        if (base.isPresent()) {
            return base.get().trim().replaceAll("/+$", "");
        }
        String ip = RawValues.text(raw, "ip").orElseThrow(() -> new InvalidConfigurationException("ip",
                "missing: the phone needs the server's address (or http_base_url)"));
        String port = RawValues.port(raw, "http_port", "http_port").orElse(DEFAULT_HTTP_PORT);
        return "http://" + RawValues.uriHost(ip.trim()) + ":" + port;
    }

    private static List<Map<String, Object>> accounts(Device device, Map<String, Object> raw,
            Optional<DigiumModel> model) throws InvalidConfigurationException {
        Optional<Map<String, Object>> lines = RawValues.object(raw, "sip_lines", "sip_lines");
        if (lines.isEmpty()) {
            return List.of();
        }
        TreeMap<Integer, Map<String, Object>> sorted = new TreeMap<>();
        for (Map.Entry<String, Object> e : lines.get().entrySet()) {
            String path = "sip_lines." + e.getKey();
            int number = RawValues.position(e.getKey(), path);
            RawValues.object(lines.get(), e.getKey(), path).ifPresent(line -> sorted.put(number, line));
        }
        String transport = transport(raw);
        int capacity = model.map(DigiumModel::lines).orElse(Integer.MAX_VALUE);
        Set<Integer> dropped = new TreeSet<>();
        List<Map<String, Object>> accounts = new ArrayList<>();
        for (Map.Entry<Integer, Map<String, Object>> e : sorted.entrySet()) {
            if (e.getKey() > capacity) {
                dropped.add(e.getKey());
            } else {
                accounts.add(account(e.getKey(), e.getValue(), raw, transport));
            }
        }
        if (!dropped.isEmpty()) {
            LOG.warn("device {} ({}): a {} has {} lines; sip_lines {} left out",
                    device.id().orElse("?"), device.mac().orElse("?"), model.get(), capacity, dropped);
        }
        return accounts;
    }

    private static Map<String, Object> account(int number, Map<String, Object> line, Map<String, Object> raw,
            String transport) throws InvalidConfigurationException {
        String path = "sip_lines." + number;
        String username = RawValues.text(line, "username").orElseThrow(() -> new InvalidConfigurationException(
                path + ".username", "missing: every SIP line needs a username"));
        String proxyIp = RawValues.text(line, "proxy_ip").or(() -> RawValues.text(raw, "sip_proxy_ip"))
                .orElseThrow(() -> new InvalidConfigurationException(path + ".proxy_ip",
                        "missing, and no sip_proxy_ip to fall back on"));
        String proxyPort = first(RawValues.port(line, "proxy_port", path + ".proxy_port"),
                RawValues.port(raw, "sip_proxy_port", "sip_proxy_port")).orElse(DEFAULT_SIP_PORT);

        Map<String, Object> account = new LinkedHashMap<>();
        account.put("number", Integer.toString(number));
        account.put("index", Integer.toString(number - 1));
        account.put("username", username);
        account.put("auth_username", RawValues.text(line, "auth_username").orElse(username));
        account.put("password", RawValues.raw(line, "password").orElse(""));
        account.put("line_label", RawValues.text(line, "display_name").orElse(username));
        account.put("voicemail", RawValues.text(line, "voicemail").or(() -> RawValues.text(raw, "exten_voicemail"))
                .map(vm -> "sip:" + vm.trim() + "@" + RawValues.uriHost(proxyIp.trim()))
                .orElse(""));
        account.put("primary", host(proxyIp, proxyPort, transport));

        Optional<String> backupIp = RawValues.text(line, "backup_proxy_ip")
                .or(() -> RawValues.text(raw, "sip_backup_proxy_ip"));
        if (backupIp.isPresent()) {
            String backupPort = first(RawValues.port(line, "backup_proxy_port", path + ".backup_proxy_port"),
                    RawValues.port(raw, "sip_backup_proxy_port", "sip_backup_proxy_port")).orElse(DEFAULT_SIP_PORT);
            account.put("alternate", host(backupIp.get(), backupPort, transport));
        }
        return account;
    }

    private static Map<String, Object> host(String server, String port, String transport) {
        Map<String, Object> host = new LinkedHashMap<>();
        host.put("server", server.trim());
        host.put("port", port);
        host.put("transport", transport);
        return host;
    }

    private static String transport(Map<String, Object> raw) throws InvalidConfigurationException {
        String transport = RawValues.text(raw, "sip_transport").map(RawValues::keyword).orElse("udp");
        if (!TRANSPORTS.contains(transport)) {
            throw new InvalidConfigurationException("sip_transport", "must be udp, tcp or tls");
        }
        return transport;
    }

    /** The lowest-numbered line's proxy, else {@code sip_proxy_ip}, else the server's {@code ip}. */
    private static Optional<String> mainProxy(Map<String, Object> raw, List<Map<String, Object>> accounts) {
        if (!accounts.isEmpty()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> primary = (Map<String, Object>) accounts.get(0).get("primary");
            return Optional.of((String) primary.get("server"));
        }
        return RawValues.text(raw, "sip_proxy_ip").or(() -> RawValues.text(raw, "ip")).map(String::trim);
    }

    private static List<Map<String, Object>> firmwares(String serverUrl) {
        List<Map<String, Object>> firmwares = new ArrayList<>();
        for (DigiumModel m : DigiumModel.values()) {
            Map<String, Object> fw = new LinkedHashMap<>();
            fw.put("model", m.name());
            fw.put("version", DigiumPlugin.FIRMWARE_VERSION);
            fw.put("url", serverUrl + "/" + DigiumPlugin.FOLDER + "/firmware/" + DigiumPlugin.FIRMWARE_VERSION + "_"
                    + m.name() + "_firmware.eff");
            firmwares.add(fw);
        }
        return Collections.unmodifiableList(firmwares);
    }

    /** One contact per function key, by position: a BLF key subscribes to its extension on the main proxy. */
    private static List<Map<String, Object>> contacts(Map<String, Object> raw, Optional<String> mainProxy)
            throws InvalidConfigurationException {
        Optional<Map<String, Object>> funckeys = RawValues.object(raw, "funckeys", "funckeys");
        if (funckeys.isEmpty()) {
            return List.of();
        }
        TreeMap<Integer, Map<String, Object>> sorted = new TreeMap<>();
        for (Map.Entry<String, Object> e : funckeys.get().entrySet()) {
            String path = "funckeys." + e.getKey();
            int position = RawValues.position(e.getKey(), path);
            RawValues.object(funckeys.get(), e.getKey(), path).ifPresent(key -> sorted.put(position, key));
        }
        List<Map<String, Object>> contacts = new ArrayList<>();
        for (Map.Entry<Integer, Map<String, Object>> e : sorted.entrySet()) {
            Map<String, Object> key = e.getValue();
            String path = "funckeys." + e.getKey();
            String value = RawValues.text(key, "value").map(String::trim).orElseThrow(
                    () -> new InvalidConfigurationException(path + ".value", "missing: a function key needs a value"));
            Map<String, Object> contact = new LinkedHashMap<>();
            contact.put("position", Integer.toString(e.getKey()));
            contact.put("type", RawValues.text(key, "type").map(RawValues::keyword).orElse("speeddial"));
            contact.put("first_name", RawValues.text(key, "label").orElse(value));
            contact.put("last_name", "");
            contact.put("dial", value);
            if ("blf".equals(contact.get("type"))) {
                contact.put("subscribe_to", "sip:" + value + mainProxy.map(p -> "@" + RawValues.uriHost(p)).orElse(""));
            }
            contacts.add(contact);
        }
        return contacts;
    }

    @SafeVarargs
    private static <T> Optional<T> first(Optional<T>... candidates) {
        for (Optional<T> c : candidates) {
            if (c.isPresent()) {
                return c;
            }
        }
        return Optional.empty();
    }
}
