package provd.core.internal.params;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/** Checks and conversions of the server parameters' values; each throws IllegalArgumentException saying why. */
final class ParameterValues {
    private static final Pattern LOCALE = Pattern.compile("[a-z]{2,3}(_[A-Z]{2})?");
    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+:[0-9]{1,5}");

    private ParameterValues() {
    }

    /** An http, https or file URL; empty unsets. */
    static String url(String value) {
        if (value.isEmpty()) {
            return value;
        }
        URI uri = uri(value);
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https") || scheme.equals("file"))) {
            throw new IllegalArgumentException("must be an http, https or file URL");
        }
        return storable(value);
    }

    /** {@code http://[user:password@]host:port} or {@code host:port}; empty unsets. */
    static String proxy(String value) {
        if (value.isEmpty() || HOST_PORT.matcher(value).matches()) {
            return storable(value);
        }
        URI uri = uri(value);
        // the JDK's HTTP client speaks to a proxy in clear only: an https:// proxy would never be reached
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("must be http://[user:password@]host:port or host:port");
        }
        return storable(value);
    }

    static String locale(String value) {
        if (!value.isEmpty() && !LOCALE.matcher(value).matches()) {
            throw new IllegalArgumentException("must be a locale such as en_US or fr_FR");
        }
        return value;
    }

    static String natToStored(String value) {
        return switch (value) {
            case "1" -> "true";
            case "0", "" -> "false";
            default -> throw new IllegalArgumentException("must be 1 or 0");
        };
    }

    static String natFromStored(Object stored) {
        return Boolean.parseBoolean(String.valueOf(stored)) ? "1" : "0";
    }

    private static URI uri(String value) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a URL: " + e.getReason());
        }
    }

    /** A value that fits on one line of a .cfg file and that FileInstall takes literally. */
    private static String storable(String value) {
        if (value.contains("${")) {
            throw new IllegalArgumentException("must not contain ${");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException("must not contain control characters");
            }
        }
        return value;
    }
}
