package provd.fetchfw.internal.download;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import provd.fetchfw.api.DownloadException;
import provd.fetchfw.api.DownloadException.Reason;

/**
 * Files over HTTP and HTTPS. Redirects are followed here rather than by the client, whose limit is a system-wide
 * property. A partial file is continued with a {@code Range} request: a 206 whose range starts where the file ends is
 * appended, a 200 (the server ignores ranges) replaces it, and a 416 or a 206 elsewhere (the file changed on the
 * server) starts over once without a range.
 */
final class HttpSource implements Source {
    private static final Logger LOG = LoggerFactory.getLogger(HttpSource.class);
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)",
            Pattern.CASE_INSENSITIVE);

    private final HttpClient client;
    private final DownloadSettings settings;

    HttpSource(HttpClient client, DownloadSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    /** The client of these settings: their proxies and connect timeout, HTTP/1.1, no redirects of its own. */
    static HttpClient client(DownloadSettings settings) {
        return HttpClient.newBuilder()
                // Firmware sites are plain file servers; the h2c upgrade headers sent on clear-text HTTP/2
                // requests are known to confuse some old servers and proxies.
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.connectTimeout())
                .proxy(settings.proxies())
                .authenticator(settings.proxies().authenticator())
                .build();
    }

    /** Whether a URL of this scheme is read here. */
    static boolean reads(String scheme) {
        return "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
    }

    @Override
    public boolean resumes() {
        return true;
    }

    /** A response, and the URL that gave it after the redirects. */
    private record Answer(URI uri, HttpResponse<BodyStream> response) {
        int status() {
            return response.statusCode();
        }
    }

    @Override
    public void transfer(URI source, Transfer transfer) throws DownloadException, IOException, InterruptedException {
        for (boolean firstAttempt = true;; firstAttempt = false) {
            long offset = transfer.offset();
            Answer answer = request(source, offset, transfer.name());
            try (BodyStream body = answer.response().body()) {
                int status = answer.status();
                OptionalLong rangeStart = rangeStart(answer.response());
                if (offset > 0 && firstAttempt && (status == 416 || status == 206 && !isAt(rangeStart, offset))) {
                    LOG.info("{}: the server cannot continue the {} bytes already there (HTTP {}): starting over",
                            transfer.label(), offset, status);
                    transfer.restart();
                    continue;
                }
                if (status == 200) {
                    if (offset > 0) {
                        LOG.info("{}: the server ignores ranges: starting over", transfer.label());
                        transfer.restart();
                    }
                    transfer.announceSize(answer.response().headers().firstValueAsLong("Content-Length"));
                } else if (status == 206 && isAt(rangeStart, offset)) {
                    transfer.announceSize(rangeTotal(answer.response(), offset));
                } else {
                    throw statusError(answer, transfer.name());
                }
                copy(body, transfer, answer.uri());
                return;
            }
        }
    }

    /** Sends the request and follows the redirects. */
    private Answer request(URI source, long offset, String name) throws DownloadException, InterruptedException {
        URI uri = source;
        for (int redirects = 0;; redirects++) {
            HttpResponse<BodyStream> response = send(uri, offset, name);
            if (!REDIRECTS.contains(response.statusCode())) {
                return new Answer(uri, response);
            }
            response.body().close();
            if (redirects == settings.maxRedirects()) {
                throw new DownloadException(Reason.HTTP_STATUS, name + ": HTTP " + response.statusCode() + " from "
                        + SafeUri.show(uri) + ", more than " + settings.maxRedirects() + " redirects from "
                        + SafeUri.show(source));
            }
            uri = redirectTarget(uri, response, name);
        }
    }

    private HttpResponse<BodyStream> send(URI uri, long offset, String name)
            throws DownloadException, InterruptedException {
        Optional<String> proxyProblem = settings.proxies().forScheme(uri.getScheme()).problem();
        if (proxyProblem.isPresent()) {
            throw new DownloadException(Reason.IO, name + ": " + SafeUri.show(uri) + " is not requested: "
                    + proxyProblem.get());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(settings.readTimeout());
        if (offset > 0) {
            request.header("Range", "bytes=" + offset + "-");
        }
        try {
            return client.send(request.build(), info -> new BodyStream());
        } catch (HttpConnectTimeoutException e) {
            throw new DownloadException(Reason.TIMEOUT, name + ": no connection for " + SafeUri.show(uri)
                    + " within " + Durations.show(settings.connectTimeout()), e);
        } catch (HttpTimeoutException e) {
            throw new DownloadException(Reason.TIMEOUT, name + ": no answer from " + SafeUri.show(uri) + " within "
                    + Durations.show(settings.readTimeout()), e);
        } catch (ConnectException e) {
            throw new DownloadException(Reason.IO, name + ": cannot connect to " + peer(uri) + " for "
                    + SafeUri.show(uri) + (isUnresolved(e) ? ": unknown host" : why(e)), e);
        } catch (IOException e) {
            throw new DownloadException(Reason.IO, name + ": the request for " + SafeUri.show(uri) + " failed"
                    + why(e), e);
        }
    }

    private static URI redirectTarget(URI from, HttpResponse<?> response, String name) throws DownloadException {
        String location = response.headers().firstValue("Location").orElseThrow(
                () -> new DownloadException(Reason.HTTP_STATUS, name + ": HTTP " + response.statusCode() + " from "
                        + SafeUri.show(from) + " without a Location"));
        URI target;
        try {
            target = SafeUri.forRequest(from.resolve(new URI(location.trim())));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new DownloadException(Reason.HTTP_STATUS, name + ": HTTP " + response.statusCode() + " from "
                    + SafeUri.show(from) + " to a Location that is not a URL");
        }
        if (!reads(target.getScheme()) || target.getHost() == null) {
            throw new DownloadException(Reason.UNSUPPORTED_SOURCE, name + ": " + SafeUri.show(from)
                    + " redirects to " + SafeUri.show(target) + ", which is not an http or https URL");
        }
        // As the client's own redirect policy does: what HTTPS protects is not handed over to clear text.
        if ("https".equalsIgnoreCase(from.getScheme()) && "http".equalsIgnoreCase(target.getScheme())) {
            throw new DownloadException(Reason.UNSUPPORTED_SOURCE, name + ": " + SafeUri.show(from)
                    + " redirects to " + SafeUri.show(target) + ": from HTTPS to clear-text HTTP, refused");
        }
        return target;
    }

    private void copy(BodyStream body, Transfer transfer, URI uri)
            throws DownloadException, IOException, InterruptedException {
        while (true) {
            List<ByteBuffer> chunk;
            try {
                chunk = body.next(settings.readTimeout());
            } catch (TimeoutException e) {
                throw new DownloadException(Reason.TIMEOUT, transfer.name() + ": nothing received from "
                        + SafeUri.show(uri) + " for " + Durations.show(settings.readTimeout()) + ", after "
                        + transfer.offset() + " bytes");
            } catch (IOException e) {
                throw new DownloadException(Reason.IO, transfer.name() + ": the transfer from " + SafeUri.show(uri)
                        + " broke off after " + transfer.offset() + " bytes" + why(e), e);
            }
            if (chunk == null) {
                return;
            }
            for (ByteBuffer buffer : chunk) {
                transfer.accept(buffer);
            }
        }
    }

    private static OptionalLong rangeStart(HttpResponse<?> response) {
        Matcher m = contentRange(response);
        return m == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(m.group(1)));
    }

    private static boolean isAt(OptionalLong start, long offset) {
        return start.isPresent() && start.getAsLong() == offset;
    }

    /** The whole file's size a 206 gives: its Content-Range's, else what was there and what comes. */
    private static OptionalLong rangeTotal(HttpResponse<?> response, long offset) {
        Matcher m = contentRange(response);
        if (m != null && !m.group(3).equals("*")) {
            return OptionalLong.of(Long.parseLong(m.group(3)));
        }
        OptionalLong length = response.headers().firstValueAsLong("Content-Length");
        return length.isPresent() ? OptionalLong.of(offset + length.getAsLong()) : OptionalLong.empty();
    }

    private static Matcher contentRange(HttpResponse<?> response) {
        Matcher m = response.headers().firstValue("Content-Range").map(CONTENT_RANGE::matcher).orElse(null);
        try {
            return m != null && m.matches() && Long.parseLong(m.group(1)) >= 0 ? m : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static DownloadException statusError(Answer answer, String name) {
        int status = answer.status();
        String detail = switch (status) {
            case 206 -> " with a range starting elsewhere than asked";
            case 407 -> proxyAuthenticationHint(answer.uri().getScheme().toLowerCase(Locale.ROOT));
            default -> "";
        };        return new DownloadException(Reason.HTTP_STATUS, name + ": HTTP " + status + " from "
                + SafeUri.show(answer.uri()) + detail);
    }

    private static String proxyAuthenticationHint(String scheme) {
        String hint = " (proxy authentication required: check the user and password of ." + scheme + ".proxy";
        // The JDK's default (net.properties) refuses Basic authentication for CONNECT tunnels.
        return scheme.equals("https") ? hint + "; Java gives a password to a proxy for HTTPS only when started with "
                + "-Djdk.http.auth.tunneling.disabledSchemes=)" : hint + ")";
    }

    /** What a connection for {@code uri} goes to. */
    private String peer(URI uri) {
        ProxySetting proxy = settings.proxies().forScheme(uri.getScheme());
        return proxy.address().isPresent() ? "the proxy " + proxy : "the server";
    }

    private static boolean isUnresolved(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code ": "} and the first message of the exception or its causes; empty when none has one (the client's own
     * exceptions often have none).
     */
    private static String why(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return ": " + t.getMessage();
            }
        }
        return "";
    }
}
