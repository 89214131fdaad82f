package provd.http.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import provd.core.api.ConflictException;
import provd.core.api.InvalidDocumentException;
import provd.core.api.NotFoundException;
import provd.http.internal.HttpEndpoint;
import provd.http.internal.RawHttp;

/** The REST handler on a real Jetty on an ephemeral port, with a few routes of its own, and a real HTTP client. */
class RestHandlerTest {
    private static final int MAX_BODY = 1024;
    private static final String ADMIN = "admin-token";
    private static final String READER = "reader-token";

    @TempDir
    Path etc;
    HttpEndpoint endpoint;
    HttpClient http;
    final Json json = new Json();
    final List<RestCall> calls = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        Router router = new Router()
                .add("GET", "/things", "provd.things.read", call -> {
                    calls.add(call);
                    return RestResponse.ok(Map.of("things", List.of("a", "b")));
                })
                .add("POST", "/things", "provd.things.create", call -> {
                    calls.add(call);
                    return RestResponse.created("/provd/things/1", Map.of("got", call.jsonBody()));
                })
                .add("GET", "/things/{id}", "provd.things.{id}.read", call -> {
                    calls.add(call);
                    return RestResponse.ok(Map.of("id", call.path("id")));
                })
                .add("DELETE", "/things/{id}", "provd.things.{id}.delete", call -> {
                    throw new NotFoundException("no thing '" + call.path("id") + "'");
                })
                .add("PUT", "/things/{id}", "provd.things.{id}.update", call -> {
                    throw new InvalidDocumentException("thing.name", "must not be empty");
                })
                .add("POST", "/conflict", "provd.conflict", call -> {
                    throw new ConflictException("already there");
                })
                .add("GET", "/boom", "provd.boom.read", call -> {
                    throw new IllegalStateException("internal detail: secret-internal-state");
                })
                .add("GET", "/public", null, call -> RestResponse.ok(Map.of("public", true)))
                .add("GET", "/metrics", null, call -> RestResponse.text(200, "up 1\n", "text/plain; version=0.0.4"));
        Credentials credentials = new Credentials(etc, Map.of(
                "token.admin", ADMIN, "acl.admin", "provd.#",
                "token.reader", READER, "acl.reader", "provd.things.read,provd.things.*.read",
                "password.bob", "bob-pw", "acl.bob", "provd.things.#"));
        endpoint = HttpEndpoint.start("rest-test", "127.0.0.1", 0, 16, 30_000,
                new RestHandler(router, credentials, json, MAX_BODY), status -> { });
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        endpoint.stop();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path))
                .timeout(Duration.ofSeconds(30));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = request(path).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b);
    }

    private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return send(request(path).header("X-Auth-Token", ADMIN).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> body(HttpResponse<String> response) {
        return (Map<String, Object>) json.parse(response.body(), "response");
    }

    private String error(HttpResponse<String> response) {
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                response.headers().toString());
        Map<String, Object> body = body(response);
        assertEquals(List.of("error"), List.copyOf(body.keySet()));
        return (String) body.get("error");
    }

    @Test
    void aTokenWithTheAclIsAnswered() throws Exception {
        HttpResponse<String> response = get("/provd/things", "X-Auth-Token", READER);
        assertEquals(200, response.statusCode());
        assertEquals(Map.of("things", List.of("a", "b")), body(response));
        assertEquals(Optional.of("application/json"), response.headers().firstValue("Content-Type"));
        assertEquals(Optional.of("no-store"), response.headers().firstValue("Cache-Control"));
    }

    @Test
    void basicAuthenticationWithAUsersPassword() throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString("bob:bob-pw".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, get("/provd/things/7", "Authorization", basic).statusCode());
        String wrong = "Basic " + Base64.getEncoder().encodeToString("bob:nope".getBytes(StandardCharsets.UTF_8));
        assertEquals(401, get("/provd/things/7", "Authorization", wrong).statusCode());
        assertEquals(401, get("/provd/things/7", "Authorization", "Basic !!!not-base64").statusCode());
        String noColon = "Basic " + Base64.getEncoder().encodeToString("bob".getBytes(StandardCharsets.UTF_8));
        assertEquals(401, get("/provd/things/7", "Authorization", noColon).statusCode());
    }

    @Test
    void aRequestRefusedBeforeItsBodyArrivedIsAnsweredWithConnectionClose() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", endpoint.port())) {
            socket.setSoTimeout(10_000);
            String head = RawHttp.exchange(socket, "PUT /provd/things/7 HTTP/1.1\r\nHost: provd\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"thing\":").head();

            assertTrue(head.startsWith("HTTP/1.1 401 "), head);
            assertTrue(head.toLowerCase(Locale.ROOT).contains("\r\nconnection: close\r\n"), head);
        }
    }

    @Test
    void aRequestRefusedWithItsWholeBodyKeepsTheConnection() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", endpoint.port())) {
            socket.setSoTimeout(10_000);
            String body = "{\"thing\": {}}";
            String refused = RawHttp.exchange(socket, "PUT /provd/things/7 HTTP/1.1\r\nHost: provd\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body).head();
            String next = RawHttp.exchange(socket, "GET /provd/public HTTP/1.1\r\nHost: provd\r\n\r\n").head();

            assertTrue(refused.startsWith("HTTP/1.1 401 "), refused);
            assertFalse(refused.toLowerCase(Locale.ROOT).contains("connection: close"), refused);
            assertTrue(next.startsWith("HTTP/1.1 200 "), next);
        }
    }

    @Test
    void withoutCredentials401AndAChallenge() throws Exception {
        for (HttpResponse<String> response : List.of(get("/provd/things"),
                get("/provd/things", "X-Auth-Token", "wrong-token"),
                get("/provd/things", "Authorization", "Bearer " + ADMIN))) {
            assertEquals(401, response.statusCode());
            assertEquals(Optional.of("Basic realm=\"provd\", charset=\"UTF-8\""),
                    response.headers().firstValue("WWW-Authenticate"));
            assertEquals("missing or wrong credentials: send X-Auth-Token or HTTP Basic", error(response));
        }
        assertTrue(calls.isEmpty(), "the route never ran");
    }

    @Test
    void aTokenLackingTheAclIs403() throws Exception {
        HttpResponse<String> response = send(request("/provd/things").header("X-Auth-Token", READER)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(403, response.statusCode());
        assertEquals("the ACL provd.things.create is needed", error(response));
        assertFalse(response.headers().firstValue("WWW-Authenticate").isPresent());
        assertTrue(calls.isEmpty());
    }

    @Test
    void theAclOfATemplateIsFilledWithThePath() throws Exception {
        assertEquals(200, get("/provd/things/42", "X-Auth-Token", READER).statusCode());
        HttpResponse<String> delete = send(request("/provd/things/42").header("X-Auth-Token", READER).DELETE());
        assertEquals(403, delete.statusCode());
        assertEquals("the ACL provd.things.42.delete is needed", error(delete));
    }

    @Test
    void pathParametersAreDecoded() throws Exception {
        HttpResponse<String> response = get("/provd/things/a%20b%C3%A9", "X-Auth-Token", ADMIN);
        assertEquals(200, response.statusCode());
        assertEquals(Map.of("id", "a bé"), body(response));
    }

    @Test
    void queryParametersReachTheRoute() throws Exception {
        assertEquals(200, get("/provd/things?skip=2&sort=mac&sort=ip&q=%7B%7D", "X-Auth-Token", ADMIN)
                .statusCode());
        RestCall call = calls.get(0);
        assertEquals(Optional.of("2"), call.query("skip"));
        assertEquals(Optional.of("mac"), call.query("sort"), "the first value");
        assertEquals(Optional.of("{}"), call.query("q"));
        assertEquals(0, call.body().length);
    }

    @Test
    void aTrailingSlashIsTheSameResource() throws Exception {
        assertEquals(200, get("/provd/things/", "X-Auth-Token", ADMIN).statusCode());
    }

    @Test
    void unknownPathsAre404() throws Exception {
        for (String path : List.of("/provd/nope", "/provd/things/1/more", "/other", "/provdx/things", "/")) {
            HttpResponse<String> response = get(path, "X-Auth-Token", ADMIN);
            assertEquals(404, response.statusCode(), path);
            assertTrue(error(response).startsWith("no such resource: "), path);
        }
        // before authentication: unknown paths are 404 to anybody
        assertEquals(404, get("/provd/nope").statusCode());
    }

    @Test
    void aKnownPathWithAnotherMethodIs405WithAllow() throws Exception {
        HttpResponse<String> response = send(request("/provd/things").header("X-Auth-Token", ADMIN).DELETE());
        assertEquals(405, response.statusCode());
        assertEquals(Optional.of("GET, POST"), response.headers().firstValue("Allow"));
        assertEquals("method DELETE not allowed here", error(response));
        HttpResponse<String> put = send(request("/provd/public").PUT(HttpRequest.BodyPublishers.noBody()));
        assertEquals(405, put.statusCode());
        assertEquals(Optional.of("GET"), put.headers().firstValue("Allow"));
    }

    @Test
    void aPublicRouteNeedsNoCredentials() throws Exception {
        HttpResponse<String> response = get("/provd/public");
        assertEquals(200, response.statusCode());
        assertEquals(Map.of("public", true), body(response));
    }

    @Test
    void aTextResponseKeepsItsType() throws Exception {
        HttpResponse<String> response = get("/provd/metrics", "Accept", RestHandler.PROVD_JSON);
        assertEquals("up 1\n", response.body());
        assertEquals(Optional.of("text/plain; version=0.0.4"), response.headers().firstValue("Content-Type"));
    }

    @Test
    void aJsonBodyReachesTheRoute() throws Exception {
        HttpResponse<String> response = post("/provd/things", "application/json; charset=utf-8",
                "{\"name\": \"été\"}");
        assertEquals(201, response.statusCode());
        assertEquals(Optional.of("/provd/things/1"), response.headers().firstValue("Location"));
        assertEquals(Map.of("got", Map.of("name", "été")), body(response));
    }

    @Test
    void provdsMediaTypeIsAcceptedAndAnswered() throws Exception {
        HttpResponse<String> viaAccept = get("/provd/things", "X-Auth-Token", ADMIN, "Accept",
                "application/vnd.proformatique.provd+json");
        assertEquals(Optional.of(RestHandler.PROVD_JSON), viaAccept.headers().firstValue("Content-Type"));
        assertEquals(Map.of("things", List.of("a", "b")), body(viaAccept));

        HttpResponse<String> viaBody = post("/provd/things", RestHandler.PROVD_JSON, "{\"a\": 1}");
        assertEquals(201, viaBody.statusCode());
        assertEquals(Optional.of(RestHandler.PROVD_JSON), viaBody.headers().firstValue("Content-Type"));

        HttpResponse<String> error = get("/provd/nope", "Accept", "application/vnd.proformatique.provd+json, */*");
        assertEquals(404, error.statusCode());
        assertEquals(Optional.of(RestHandler.PROVD_JSON), error.headers().firstValue("Content-Type"));
    }

    @Test
    void aBodyOverTheLimitWithContentLengthIs413() throws Exception {
        String big = "{\"a\": \"" + "x".repeat(MAX_BODY) + "\"}";
        HttpResponse<String> response = post("/provd/things", "application/json", big);
        assertEquals(413, response.statusCode());
        assertEquals("the body is larger than " + MAX_BODY + " bytes", error(response));
        assertTrue(calls.isEmpty());
    }

    @Test
    void aChunkedBodyOverTheLimitIs413() throws Exception {
        byte[] big = ("{\"a\": \"" + "x".repeat(4 * MAX_BODY) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = send(request("/provd/things").header("X-Auth-Token", ADMIN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));
        assertEquals(413, response.statusCode());
        assertEquals("the body is larger than " + MAX_BODY + " bytes", error(response));
        assertTrue(calls.isEmpty());
    }

    @Test
    void aChunkedBodyWithinTheLimitIsRead() throws Exception {
        byte[] body = "{\"a\": \"chunked\"}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = send(request("/provd/things").header("X-Auth-Token", ADMIN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
        assertEquals(201, response.statusCode());
        assertEquals(Map.of("got", Map.of("a", "chunked")), body(response));
    }

    @Test
    void aBodyOfExactlyTheLimitIsRead() throws Exception {
        String prefix = "{\"a\": \"";
        String body = prefix + "x".repeat(MAX_BODY - prefix.length() - 2) + "\"}";
        assertEquals(MAX_BODY, body.length());
        assertEquals(201, post("/provd/things", "application/json", body).statusCode());
    }

    @Test
    void aBodyThatIsNotJsonIs415() throws Exception {
        HttpResponse<String> response = post("/provd/things", "text/plain", "{\"a\": 1}");
        assertEquals(415, response.statusCode());
        assertEquals("the body must be application/vnd.proformatique.provd+json or application/json, not text/plain",
                error(response));
        HttpResponse<String> form = post("/provd/things", "application/x-www-form-urlencoded", "a=1");
        assertEquals(415, form.statusCode());
        assertTrue(calls.isEmpty());
    }

    @Test
    void malformedJsonIs400WithoutEchoingTheBody() throws Exception {
        HttpResponse<String> response = post("/provd/things", "application/json",
                "{\"user\": \"bob\",\n \"password\": \"hunter2\",,}");
        assertEquals(400, response.statusCode());
        String message = error(response);
        assertTrue(message.startsWith("malformed JSON: "), message);
        assertTrue(message.contains("at line 2, column"), message);
        assertFalse(response.body().contains("hunter2"), response.body());

        HttpResponse<String> unquoted = post("/provd/things", "application/json", "{\"password\": hunter2}");
        assertEquals(400, unquoted.statusCode());
        assertFalse(unquoted.body().contains("hunter2"), unquoted.body());
    }

    @Test
    void anEmptyBodyWhereOneIsExpectedIs400() throws Exception {
        HttpResponse<String> response = send(request("/provd/things").header("X-Auth-Token", ADMIN)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(400, response.statusCode());
        assertEquals("the request has no body: a JSON object is expected", error(response));
    }

    @Test
    void provdExceptionsBecomeTheirStatus() throws Exception {
        HttpResponse<String> notFound = send(request("/provd/things/9").header("X-Auth-Token", ADMIN).DELETE());
        assertEquals(404, notFound.statusCode());
        assertEquals("no thing '9'", error(notFound));

        HttpResponse<String> invalid = send(request("/provd/things/9").header("X-Auth-Token", ADMIN)
                .PUT(HttpRequest.BodyPublishers.noBody()));
        assertEquals(400, invalid.statusCode());
        assertEquals("thing.name: must not be empty", error(invalid));

        HttpResponse<String> conflict = post("/provd/conflict", "application/json", "{}");
        assertEquals(409, conflict.statusCode());
        assertEquals("already there", error(conflict));
    }

    @Test
    void aBugInARouteIs500WithoutDetails() throws Exception {
        HttpResponse<String> response = get("/provd/boom", "X-Auth-Token", ADMIN);
        assertEquals(500, response.statusCode());
        assertEquals("internal error: IllegalStateException (see the server's log)", error(response));
        assertFalse(response.body().contains("secret-internal-state"), response.body());
        assertFalse(response.body().contains("at provd."), "no stack trace: " + response.body());
        // the server goes on answering
        assertEquals(200, get("/provd/public").statusCode());
    }

    @Test
    void headOfAGetOnlyRouteIs405() throws Exception {
        HttpResponse<String> response = send(request("/provd/public")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(405, response.statusCode());
        assertEquals(Optional.of("GET"), response.headers().firstValue("Allow"));
        assertEquals("", response.body());
    }

    @Test
    void anEmptySegmentIsRefusedByJettyBeforeTheRoutes() throws Exception {
        // UriCompliance.DEFAULT: an empty segment is ambiguous; the Router would not match it either
        assertEquals(400, get("/provd/things//", "X-Auth-Token", ADMIN).statusCode());
        assertTrue(calls.isEmpty());
    }
}
