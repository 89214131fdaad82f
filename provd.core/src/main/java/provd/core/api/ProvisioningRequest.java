package provd.core.api;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A protocol-neutral request from a phone, as a transport hands it to the core: what came in (DHCP information, an
 * HTTP GET, a TFTP read request), from which address, for which file, with which headers or DHCP options.
 * Immutable.
 */
public final class ProvisioningRequest {
    private final RequestType type;
    private final InetAddress clientAddress;
    private final String path;
    private final Map<String, String> headers;
    private final Map<Integer, byte[]> dhcpOptions;
    private final MacAddress mac;

    private ProvisioningRequest(Builder b) {
        this.type = b.type;
        this.clientAddress = b.clientAddress;
        this.path = b.path;
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(b.headers);
        this.headers = Collections.unmodifiableMap(h);
        TreeMap<Integer, byte[]> o = new TreeMap<>();
        b.dhcpOptions.forEach((code, value) -> o.put(code, value.clone()));
        this.dhcpOptions = Collections.unmodifiableMap(o);
        this.mac = b.mac;
    }

    /**
     * Starts a request.
     *
     * @param type          the protocol it came in by
     * @param clientAddress the phone's address: the source of an HTTP or TFTP request, the leased address of DHCP
     *                      information
     */
    public static Builder builder(RequestType type, InetAddress clientAddress) {
        return new Builder(type, clientAddress);
    }

    public RequestType type() {
        return type;
    }

    public InetAddress clientAddress() {
        return clientAddress;
    }

    /**
     * The requested path as the phone sent it, decoded but not normalised ({@code /Digium/000fd3054848.cfg} over
     * HTTP, {@code 000fd3054848.cfg} over TFTP); empty for DHCP information.
     */
    public String path() {
        return path;
    }

    /** A request header (HTTP), looked up case-insensitively. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    /** All request headers, keyed case-insensitively. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The raw value of a DHCP option, e.g. 60 (vendor class identifier). */
    public Optional<byte[]> dhcpOption(int code) {
        byte[] value = dhcpOptions.get(code);
        return value == null ? Optional.empty() : Optional.of(value.clone());
    }

    /** A DHCP option read as text, for options that carry text such as 60 (vendor class identifier). */
    public Optional<String> dhcpOptionText(int code) {
        byte[] value = dhcpOptions.get(code);
        return value == null ? Optional.empty() : Optional.of(new String(value, StandardCharsets.ISO_8859_1));
    }

    /** The codes of the DHCP options present, ascending. */
    public Set<Integer> dhcpOptionCodes() {
        return dhcpOptions.keySet();
    }

    /** The phone's MAC address when the transport knows it (DHCP information carries it). */
    public Optional<MacAddress> mac() {
        return Optional.ofNullable(mac);
    }

    @Override
    public String toString() {
        return type + " " + clientAddress.getHostAddress() + (path.isEmpty() ? "" : " " + path);
    }

    /** Builds a {@link ProvisioningRequest}. */
    public static final class Builder {
        private final RequestType type;
        private final InetAddress clientAddress;
        private String path = "";
        private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private final Map<Integer, byte[]> dhcpOptions = new TreeMap<>();
        private MacAddress mac;

        private Builder(RequestType type, InetAddress clientAddress) {
            this.type = Objects.requireNonNull(type, "type");
            this.clientAddress = Objects.requireNonNull(clientAddress, "clientAddress");
        }

        public Builder path(String path) {
            this.path = Objects.requireNonNull(path, "path");
            return this;
        }

        public Builder header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** @throws IllegalArgumentException when {@code code} is not a DHCP option code (1–254) */
        public Builder dhcpOption(int code, byte[] value) {
            if (code < 1 || code > 254) {
                throw new IllegalArgumentException("DHCP option code out of range 1-254: " + code);
            }
            dhcpOptions.put(code, Objects.requireNonNull(value, "value").clone());
            return this;
        }

        public Builder mac(MacAddress mac) {
            this.mac = mac;
            return this;
        }

        public ProvisioningRequest build() {
            return new ProvisioningRequest(this);
        }
    }
}
