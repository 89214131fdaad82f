package provd.http.internal.files;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import org.eclipse.jetty.http.DateGenerator;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.URIUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import provd.core.api.AccessGuard;
import provd.core.api.ProvisioningRequest;
import provd.core.api.ProvisioningRoute;
import provd.core.api.ProvisioningService;
import provd.core.api.RequestType;
import provd.core.api.ServedFileCache;
import provd.core.api.ServedFileCache.ServedFile;
import provd.http.internal.PlainErrorHandler;
import provd.http.internal.UnreadBodies;

/**
 * Serves phones their files: GET and HEAD only; the client (the TCP peer, or an {@code X-Forwarded-For} entry behind
 * trusted proxies) refused when banned; the request routed by the core to a plugin's file area, and the path
 * resolved in it by a {@link ServedFileCache} (plain relative paths to regular files only: no listing, no way out of
 * the area; small files served from memory while unchanged). Supports conditional requests
 * ({@code If-Modified-Since}, {@code If-None-Match}), a single byte range ({@code Range}, {@code If-Range}), and
 * streams large files in chunks. Every error is a short plain-text body.
 */
final class PhoneFileHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(PhoneFileHandler.class);
    private static final String ALLOW = "GET, HEAD";
    private static final String TEXT = "text/plain;charset=utf-8";
    /** Request headers not handed to the core: credentials have nothing to do with identifying a phone. */
    private static final Set<String> PRIVATE_HEADERS = Set.of("authorization", "proxy-authorization", "cookie");
    private static final MimeTypes.Mutable MIME_TYPES = new MimeTypes.Mutable(MimeTypes.DEFAULTS);

    static {
        // provisioning files Jetty does not know; .xml is already application/xml
        MIME_TYPES.addMimeMapping("cfg", "text/plain");
        MIME_TYPES.addMimeMapping("ini", "text/plain");
        MIME_TYPES.addMimeMapping("conf", "text/plain");
        MIME_TYPES.addMimeMapping("inf", "text/plain");
    }

    private final ProvisioningService provisioning;
    private final AccessGuard guard;
    private final Supplier<ServedFileCache> files;
    private final PhoneHttpStatistics statistics;
    private final IntSupplier trustedProxies;

    /**
     * @param files          read at every request, as {@code trustedProxies}
     * @param trustedProxies read at every request, so that a configuration change applies at once
     */
    PhoneFileHandler(ProvisioningService provisioning, AccessGuard guard, Supplier<ServedFileCache> files,
            PhoneHttpStatistics statistics, IntSupplier trustedProxies) {
        this.provisioning = provisioning;
        this.guard = guard;
        this.files = files;
        this.statistics = statistics;
        this.trustedProxies = trustedProxies;
    }

    /** The content type of a file name: by extension, {@code application/octet-stream} when unknown. */
    static String contentType(String fileName) {
        String type = MIME_TYPES.getMimeByExtension(fileName.toLowerCase(Locale.ROOT));
        return type == null ? "application/octet-stream" : type;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        statistics.countRequest();
        // phones send no body: one sent is never read
        UnreadBodies.closeConnectionIfUnread(request, response);
        try {
            handleFileRequest(request, response, callback);
        } catch (Exception | LinkageError | AssertionError e) {
            LOG.warn("HTTP {} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
            if (response.isCommitted()) {
                callback.failed(e);
            } else {
                response.reset();
                UnreadBodies.closeConnectionIfUnread(request, response);
                sendError(request, response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500);
            }
        }
        return true;
    }

    private void handleFileRequest(Request request, Response response, Callback callback) throws IOException {
        String method = request.getMethod();
        boolean head = HttpMethod.HEAD.is(method);
        if (!head && !HttpMethod.GET.is(method)) {
            response.getHeaders().put(HttpHeader.ALLOW, ALLOW);
            sendError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
            return;
        }
        InetAddress client = client(request);
        if (guard.isBanned(client)) {
            LOG.debug("HTTP {} {} from banned {}", method, request.getHttpURI().getPath(), client.getHostAddress());
            sendError(request, response, callback, HttpStatus.FORBIDDEN_403);
            return;
        }
        // Jetty has refused ambiguous URIs (encoded dots, slashes, backslashes, NUL...) and removed dot segments;
        // the path in context is canonical but still encoded
        String encoded = Request.getPathInContext(request);
        String path = decode(encoded);
        if (path == null) {
            sendError(request, response, callback, HttpStatus.BAD_REQUEST_400);
            return;
        }

        ProvisioningRoute route = provisioning.route(provisioningRequest(request, client, path));
        Optional<ServedFile> file = route.isDenied() ? Optional.empty()
                : route.fileArea().flatMap(area -> files.get().find(area, path));
        if (file.isEmpty()) {
            if (route.isSensitive() && !route.isDenied()) {
                guard.recordMiss(client, path);
            }
            LOG.debug("HTTP {} {} from {}: not found ({})", method, path, client.getHostAddress(), route);
            sendError(request, response, callback, HttpStatus.NOT_FOUND_404);
            return;
        }
        serveFile(request, response, callback, file.get(), route, head);
    }

    /** The decoded path; {@code null} when it cannot be decoded. */
    private static String decode(String encoded) {
        try {
            return encoded == null ? null : URIUtil.decodePath(encoded);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private InetAddress client(Request request) {
        SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
        InetAddress peer = remote instanceof InetSocketAddress ? ((InetSocketAddress) remote).getAddress() : null;
        if (peer == null) {
            peer = InetAddress.getLoopbackAddress();
        }
        int proxies = trustedProxies.getAsInt();
        if (proxies <= 0) {
            return peer;
        }
        return ClientAddresses.client(peer, request.getHeaders().getValuesList(HttpHeader.X_FORWARDED_FOR), proxies);
    }

    private static ProvisioningRequest provisioningRequest(Request request, InetAddress client, String path) {
        ProvisioningRequest.Builder builder = ProvisioningRequest.builder(RequestType.HTTP, client).path(path);
        // repeated fields joined as one list (RFC 9110 §5.3)
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (HttpField field : request.getHeaders()) {
            String name = field.getName();
            String value = field.getValue();
            if (name != null && value != null && !PRIVATE_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                headers.merge(name, value, (a, b) -> a + ", " + b);
            }
        }
        headers.forEach(builder::header);
        return builder.build();
    }

    private void serveFile(Request request, Response response, Callback callback, ServedFile file,
            ProvisioningRoute route, boolean head) throws IOException {
        Optional<ByteBuffer> content = file.content();
        FileChannel channel = null;
        try {
            if (content.isEmpty()) {
                channel = FileChannel.open(file.path(), StandardOpenOption.READ);
            }
        } catch (NoSuchFileException e) {
            // removed between resolution and opening
            sendError(request, response, callback, HttpStatus.NOT_FOUND_404);
            return;
        } catch (IOException | SecurityException e) {
            LOG.warn("cannot read {}: {}", file.path(), e.toString());
            sendError(request, response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500);
            return;
        }
        boolean streaming = false;
        try {
            long size = channel == null ? file.size() : channel.size();
            long modified = file.lastModified().toMillis();
            long lastModified = Math.floorDiv(modified, 1000L) * 1000L;
            String etag = "\"" + Long.toHexString(modified) + "-" + Long.toHexString(size) + "\"";

            HttpFields.Mutable headers = response.getHeaders();
            headers.put(HttpHeader.LAST_MODIFIED, DateGenerator.formatDate(lastModified));
            headers.put(HttpHeader.ETAG, etag);
            headers.put(HttpHeader.CACHE_CONTROL, route.isSensitive() ? "no-store" : "no-cache");
            headers.put(HttpHeader.ACCEPT_RANGES, "bytes");

            HttpFields requestHeaders = request.getHeaders();
            if (notModified(requestHeaders, etag, lastModified)) {
                statistics.countNotModified();
                response.setStatus(HttpStatus.NOT_MODIFIED_304);
                // RFC 9110 §8.6: a 304 may only announce the length a 200 would have (Jetty would say 0)
                headers.put(HttpHeader.CONTENT_LENGTH, size);
                // the phone holds the current file: as good as a download for its remote state
                response.write(true, null, head ? callback : reportingDelivery(callback, route));
                return;
            }

            ByteRange range = null;
            if (!head) {
                // Range applies to GET only (RFC 9110 §14.2); several Range fields: ignored
                List<String> ranges = requestHeaders.getValuesList(HttpHeader.RANGE);
                if (ranges.size() == 1 && ifRangeHolds(requestHeaders, etag, lastModified)) {
                    ByteRange.Parsed parsed = ByteRange.parse(ranges.get(0), size);
                    if (parsed.kind() == ByteRange.Kind.UNSATISFIABLE) {
                        headers.put(HttpHeader.CONTENT_RANGE, "bytes */" + size);
                        sendError(request, response, callback, HttpStatus.RANGE_NOT_SATISFIABLE_416);
                        return;
                    }
                    range = parsed.range();
                }
            }

            Path name = file.path().getFileName();
            String fileName = name == null ? "" : name.toString();
            headers.put(HttpHeader.CONTENT_TYPE, contentType(fileName));
            long offset = range == null ? 0 : range.first();
            long length = range == null ? size : range.length();
            if (range == null) {
                response.setStatus(HttpStatus.OK_200);
            } else {
                response.setStatus(HttpStatus.PARTIAL_CONTENT_206);
                headers.put(HttpHeader.CONTENT_RANGE, range.contentRange(size));
            }
            headers.put(HttpHeader.CONTENT_LENGTH, length);
            statistics.countServed(range != null);
            if (head) {
                response.write(true, null, callback);
                return;
            }
            // only a whole file tells that the phone has its configuration
            Callback sent = range == null ? reportingDelivery(callback, route) : callback;
            if (content.isPresent()) {
                ByteBuffer body = content.get().position((int) offset).limit((int) (offset + length));
                response.write(true, body, new Callback.Nested(sent) {
                    @Override
                    public void succeeded() {
                        statistics.countSent(length);
                        super.succeeded();
                    }
                });
                return;
            }
            streaming = true;
            // from here the sender owns the channel and completes the callback
            FileSender.send(response, sent, channel, offset, length, statistics);
        } finally {
            if (!streaming && channel != null) {
                closeQuietly(channel);
            }
        }
    }

    /**
     * {@code callback}, reporting to the core, once the response is written, that the route's file reached the phone
     * when it is the device's remote-state trigger.
     */
    private Callback reportingDelivery(Callback callback, ProvisioningRoute route) {
        if (!route.isRemoteStateTrigger()) {
            return callback;
        }
        return new Callback.Nested(callback) {
            @Override
            public void succeeded() {
                super.succeeded();
                try {
                    provisioning.delivered(route);
                } catch (RuntimeException e) {
                    LOG.warn("recording the delivery of {} failed", route, e);
                }
            }

            /** The core may wait for a lock: never on a selector thread. */
            @Override
            public InvocationType getInvocationType() {
                return InvocationType.BLOCKING;
            }
        };
    }

    /** RFC 9110 §13.2.2: If-None-Match wins over If-Modified-Since. */
    private static boolean notModified(HttpFields headers, String etag, long lastModified) {
        List<String> noneMatch = headers.getValuesList(HttpHeader.IF_NONE_MATCH);
        if (!noneMatch.isEmpty()) {
            for (String value : noneMatch) {
                for (String tag : value.split(",")) {
                    String t = tag.trim();
                    if (t.equals("*") || weakTag(t).equals(etag)) {
                        return true;
                    }
                }
            }
            return false;
        }
        long since = date(headers, HttpHeader.IF_MODIFIED_SINCE);
        return since >= 0 && lastModified <= since;
    }

    /** RFC 9110 §13.1.5: a Range applies only if If-Range, when present, matches strongly or by exact date. */
    private static boolean ifRangeHolds(HttpFields headers, String etag, long lastModified) {
        String ifRange = headers.get(HttpHeader.IF_RANGE);
        if (ifRange == null) {
            return true;
        }
        String value = ifRange.trim();
        if (value.startsWith("\"") || value.startsWith("W/")) {
            return value.equals(etag);
        }
        long date = date(headers, HttpHeader.IF_RANGE);
        return date >= 0 && date == lastModified;
    }

    private static String weakTag(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    /** A date header, -1 when absent or not a valid HTTP date. */
    private static long date(HttpFields headers, HttpHeader header) {
        try {
            return headers.getDateField(header);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** A short plain-text error: {@code 404 Not Found}; the response's other headers are kept. */
    private void sendError(Request request, Response response, Callback callback, int status) {
        statistics.countError(status);
        byte[] body = PlainErrorHandler.text(status).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, TEXT);
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.put(HttpHeader.CONTENT_LENGTH, body.length);
        boolean head = HttpMethod.HEAD.is(request.getMethod());
        response.write(true, head ? null : ByteBuffer.wrap(body), callback);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only
        }
    }
}
