package provd.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A client of provd's REST API (rooted at {@code /provd}) for the integration tests: JSON bodies in and out, with a
 * token ({@code X-Auth-Token}), HTTP Basic, or no credentials. Paths are absolute ({@code /provd/dev_mgr/devices}),
 * the form the server's {@code Location} headers take.
 */
public final class RestClient {
    public static final String JSON = "application/json";
    public static final String PROVD_JSON = "application/vnd.proformatique.provd+json";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;
    private final List<String> credentials;

    private RestClient(int port, List<String> credentials) {
        this.base = URI.create("http://127.0.0.1:" + port);
        this.credentials = credentials;
    }

    public static RestClient anonymous(int port) {
        return new RestClient(port, List.of());
    }

    public static RestClient withToken(int port, String token) {
        return new RestClient(port, List.of("X-Auth-Token", token));
    }

    public static RestClient withBasic(int port, String user, String password) {
        String encoded = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new RestClient(port, List.of("Authorization", "Basic " + encoded));
    }

    /** The server's answer; {@link #json()} parses the body. */
    public record Response(String method, String path, int status, HttpHeaders headers, String body) {
        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (JsonProcessingException e) {
                throw new AssertionError("not JSON: " + this, e);
            }
        }

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        /** The media type of the body, without parameters. */
        public String contentType() {
            return header("Content-Type").map(t -> t.split(";", 2)[0].trim()).orElse("");
        }

        /** The {@code error} message of an error answer. */
        public String error() {
            JsonNode error = json().get("error");
            if (error == null || !error.isTextual()) {
                throw new AssertionError("no \"error\" string in " + this);
            }
            return error.asText();
        }

        public String location() {
            return header("Location").orElseThrow(() -> new AssertionError("no Location in " + this));
        }

        @Override
        public String toString() {
            return method + " " + path + " -> " + status + " " + headers.map() + " " + body;
        }
    }

    public Response get(String path) {
        return send("GET", path, null, null);
    }

    /** GET with query parameters, each URL-encoded. */
    public Response get(String path, Map<String, String> query) {
        String encoded = query.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return get(encoded.isEmpty() ? path : path + "?" + encoded);
    }

    /** POST of {@code body} written as JSON ({@code application/json}). */
    public Response post(String path, Object body) {
        return send("POST", path, json(body), JSON);
    }

    public Response put(String path, Object body) {
        return send("PUT", path, json(body), JSON);
    }

    public Response delete(String path) {
        return send("DELETE", path, null, null);
    }

    /**
     * Any request: {@code body} sent as is with {@code contentType} (none when null), then the given header
     * name/value pairs.
     */
    public Response send(String method, String path, String body, String contentType, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        List<String> all = new ArrayList<>(credentials);
        all.addAll(List.of(headers));
        for (int i = 0; i < all.size(); i += 2) {
            request.header(all.get(i), all.get(i + 1));
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(method, path, response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + path, e);
        }
    }

    /**
     * Sends only the head of a request declaring a body of {@code contentLength} bytes, over a plain socket, and reads
     * the answer the server gives without waiting for the body (a 413). {@link HttpClient} cannot: it loses the
     * answer when the server closes the connection while it is still writing the body.
     */
    public Response sendHeadOnly(String method, String path, String contentType, long contentLength) {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + base.getAuthority()
                + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + contentLength
                + "\r\nConnection: close\r\n");
        for (int i = 0; i < credentials.size(); i += 2) {
            head.append(credentials.get(i)).append(": ").append(credentials.get(i + 1)).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = answer.indexOf("\r\n\r\n");
            if (!answer.startsWith("HTTP/1.1 ") || end < 0) {
                throw new AssertionError("not an HTTP answer: " + answer);
            }
            String[] lines = answer.substring(0, end).split("\r\n");
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                String[] pair = lines[i].split(":", 2);
                headers.computeIfAbsent(pair[0].trim(), k -> new ArrayList<>()).add(pair[1].trim());
            }
            return new Response(method, path, Integer.parseInt(lines[0].split(" ")[1]),
                    HttpHeaders.of(headers, (name, value) -> true), answer.substring(end + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        }
    }

    public static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A JSON object from alternating keys and values, in order. */
    public static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            object.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return object;
    }

    /** A MAC address of Digium's OUI no other test uses: {@code 00:0f:d3:} and three random bytes. */
    public static String uniqueDigiumMac() {
        byte[] tail = new byte[3];
        RANDOM.nextBytes(tail);
        String hex = HexFormat.of().formatHex(tail);
        return "00:0f:d3:" + hex.substring(0, 2) + ":" + hex.substring(2, 4) + ":" + hex.substring(4, 6);
    }

    /** A random identifier, for ids and secrets. */
    public static String uniqueId(String prefix) {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        return prefix + HexFormat.of().formatHex(random);
    }
}
