package provd.fetchfw.internal.download;

import java.net.URI;
import java.net.URISyntaxException;

/** URLs as the downloader sends and shows them: never with the credentials or the query they may carry. */
final class SafeUri {
    private SafeUri() {
    }

    /**
     * {@code uri} for a log line or a message: scheme, host, port and path; a query is shown as {@code ?...} (it may
     * hold a token), user information not at all.
     */
    static String show(URI uri) {
        if (uri.isOpaque() || uri.getHost() == null) {
            return uri.getScheme() == null ? "(no scheme)" : uri.getScheme() + ":" + nullToEmpty(uri.getRawPath());
        }
        return uri.getScheme() + "://" + hostPort(uri) + nullToEmpty(uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?...");
    }

    /**
     * {@code uri} without its user information and fragment: the HTTP client would not use the former for
     * authentication, and could quote it in its own exceptions.
     */
    static URI forRequest(URI uri) throws URISyntaxException {
        if (uri.getRawUserInfo() == null && uri.getRawFragment() == null) {
            return uri;
        }
        return new URI(uri.getScheme() + "://" + hostPort(uri) + nullToEmpty(uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    private static String hostPort(URI uri) {
        return uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
