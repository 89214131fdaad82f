package provd.fetchfw.internal.download;

import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the downloads of one URL scheme reach the network: directly, through a proxy (with credentials for it, when
 * given), or not at all, when the setting does not parse: a mistyped proxy must not silently become a direct
 * connection. Neither {@link #toString()} nor {@link #problem()} shows the credentials or the setting's text.
 */
final class ProxySetting {
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.\\-]+):([0-9]{1,5})");

    /** No proxy. */
    static final ProxySetting DIRECT = new ProxySetting(null, null, null);

    private final InetSocketAddress address;
    private final PasswordAuthentication credentials;
    private final String problem;

    private ProxySetting(InetSocketAddress address, PasswordAuthentication credentials, String problem) {
        this.address = address;
        this.credentials = credentials;
        this.problem = problem;
    }

    /**
     * Reads {@code host:port} or {@code http://[user:password@]host:port[/]}; empty means {@link #DIRECT}.
     *
     * @param key the configuration key, named by {@link #problem()}
     */
    static ProxySetting parse(String key, String value) {
        String text = value == null ? "" : value.trim();
        if (text.isEmpty()) {
            return DIRECT;
        }
        Matcher plain = HOST_PORT.matcher(text);
        if (plain.matches()) {
            return at(key, plain.group(1), plain.group(2), null);
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return invalid(key);
        }
        if ("https".equalsIgnoreCase(uri.getScheme())) {
            return new ProxySetting(null, null, key + " names a proxy reached over TLS (https://), which the "
                    + "downloader cannot use: give it as http://host:port");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0
                || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return invalid(key);
        }
        PasswordAuthentication credentials = null;
        String userInfo = uri.getUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
            char[] password = colon < 0 ? new char[0] : userInfo.substring(colon + 1).toCharArray();
            credentials = new PasswordAuthentication(user, password);
        }
        return at(key, uri.getHost(), String.valueOf(uri.getPort()), credentials);
    }

    private static ProxySetting at(String key, String host, String port, PasswordAuthentication credentials) {
        int number = Integer.parseInt(port);
        if (number < 1 || number > 65535) {
            return invalid(key);
        }
        // Unresolved: the client resolves the proxy's name when it connects, so a DNS change is followed.
        return new ProxySetting(InetSocketAddress.createUnresolved(unbracketed(host), number), credentials, null);
    }

    private static String unbracketed(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static ProxySetting invalid(String key) {
        return new ProxySetting(null, null,
                key + " is neither host:port nor http://[user:password@]host:port");
    }

    /** The proxy to go through; empty for a direct connection, or when the setting is unusable. */
    Optional<InetSocketAddress> address() {
        return Optional.ofNullable(address);
    }

    /** The user and password to give the proxy when it asks. */
    Optional<PasswordAuthentication> credentials() {
        return Optional.ofNullable(credentials);
    }

    /** Why the setting cannot be used, when it cannot; names the configuration key, not the value. */
    Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** Whether {@code host:port} is this proxy. */
    boolean isAt(String host, int port) {
        return address != null && address.getPort() == port && address.getHostString().equalsIgnoreCase(host);
    }

    @Override
    public String toString() {
        if (problem != null) {
            return "unusable";
        }
        if (address == null) {
            return "direct";
        }
        String host = address.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort()
                + (credentials == null ? "" : " (with credentials)");
    }
}
