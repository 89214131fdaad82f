package provd.fetchfw.internal.download;

import java.io.IOException;
import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;

/**
 * The proxies of the configuration, for the HTTP client: one for {@code http:} URLs, one for {@code https:} URLs,
 * and the credentials each one gets when it asks for them (HTTP 407). A server asking for credentials (401) gets
 * none: the downloader has none to give.
 */
final class ConfiguredProxies extends ProxySelector {
    private final ProxySetting http;
    private final ProxySetting https;

    ConfiguredProxies(ProxySetting http, ProxySetting https) {
        this.http = http;
        this.https = https;
    }

    /** The setting for the URLs of {@code scheme} ({@code http} or {@code https}). */
    ProxySetting forScheme(String scheme) {
        return "https".equalsIgnoreCase(scheme) ? https : http;
    }

    @Override
    public List<Proxy> select(URI uri) {
        // An unusable setting has no address: the downloader refuses such URLs before they reach the client.
        return forScheme(uri.getScheme()).address()
                .map(address -> List.of(new Proxy(Proxy.Type.HTTP, address)))
                .orElse(List.of(Proxy.NO_PROXY));
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException failure) {
        // one proxy per scheme: nothing else to try
    }

    /** Gives each proxy its own credentials, and nobody else any. */
    Authenticator authenticator() {
        return new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                if (getRequestorType() != RequestorType.PROXY) {
                    return null;
                }
                String scheme = getRequestingURL() == null ? "http" : getRequestingURL().getProtocol();
                // The proxy of the URL's scheme first: both settings may name one proxy with two accounts.
                for (ProxySetting proxy : List.of(forScheme(scheme), "https".equals(scheme) ? http : https)) {
                    if (proxy.isAt(getRequestingHost(), getRequestingPort()) && proxy.credentials().isPresent()) {
                        PasswordAuthentication credentials = proxy.credentials().get();
                        // a copy: the client may wipe the password it is given
                        return new PasswordAuthentication(credentials.getUserName(), credentials.getPassword());
                    }
                }
                return null;
            }
        };
    }
}
