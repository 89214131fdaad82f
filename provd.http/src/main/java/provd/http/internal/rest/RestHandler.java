package provd.http.internal.rest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.URIUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import provd.core.api.ConflictException;
import provd.core.api.InvalidDocumentException;
import provd.core.api.NotFoundException;
import provd.core.api.ProvdException;
import provd.http.internal.UnreadBodies;

/**
 * Answers the REST API under {@value Links#ROOT}: finds the route, authenticates the caller and checks its ACL,
 * reads the body (at most {@code maxBodyBytes}), runs the route, and turns what it answers or throws into a JSON
 * response. Nothing a client sends gives a 500: refusals are 4xx naming the problem; a 500 means a bug, logged.
 */
final class RestHandler extends Handler.Abstract {
    static final String PROVD_JSON = "application/vnd.proformatique.provd+json";
    private static final Logger LOG = LoggerFactory.getLogger(RestHandler.class);
    private static final Set<String> JSON_TYPES = Set.of(PROVD_JSON, "application/json");

    private final Router router;
    private final Credentials credentials;
    private final Json json;
    private final int maxBodyBytes;

    RestHandler(Router router, Credentials credentials, Json json, int maxBodyBytes) {
        this.router = router;
        this.credentials = credentials;
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        RestResponse answer;
        try {
            answer = answer(request);
        } catch (RestException e) {
            answer = error(e.status(), e.getMessage());
        } catch (NotFoundException e) {
            answer = error(404, e.getMessage());
        } catch (InvalidDocumentException | ConflictException | IllegalArgumentException e) {
            answer = error(e instanceof ConflictException ? 409 : 400, e.getMessage());
        } catch (ProvdException e) {
            answer = error(400, e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            LOG.error("REST {} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
            answer = error(500, "internal error: " + e.getClass().getSimpleName() + " (see the server's log)");
        }
        send(request, response, callback, answer);
        return true;
    }

    private RestResponse answer(Request request) {
        List<String> segments = segments(Request.getPathInContext(request));
        String method = request.getMethod();
        Optional<Router.Match> match = router.find(method, segments);
        if (match.isEmpty()) {
            Set<String> methods = router.methods(segments);
            if (methods.isEmpty()) {
                throw RestException.notFound("no such resource: " + request.getHttpURI().getPath());
            }
            return error(405, "method " + method + " not allowed here").withHeader("Allow", String.join(", ",
                    methods));
        }
        Router.Route route = match.get().route();
        Map<String, String> parameters = match.get().parameters();
        if (route.acl() != null) {
            Credentials.Principal principal = authenticate(request).orElseThrow(
                    () -> new RestException(401, "missing or wrong credentials: send X-Auth-Token or HTTP Basic"));
            String needed = route.aclFor(parameters);
            if (!principal.may(needed)) {
                throw new RestException(403, "the ACL " + needed + " is needed");
            }
        }
        byte[] body = body(request);
        return route.action().answer(new RestCall(parameters, query(request), body, json));
    }

    /** The path below the root, decoded segment by segment (so an encoded {@code /} stays inside its segment). */
    private static List<String> segments(String pathInContext) {
        if (!pathInContext.equals(Links.ROOT) && !pathInContext.startsWith(Links.ROOT + "/")) {
            throw RestException.notFound("no such resource: " + pathInContext);
        }
        List<String> decoded = new ArrayList<>();
        for (String segment : Router.segments(pathInContext.substring(Links.ROOT.length()))) {
            decoded.add(URIUtil.decodePath(segment));
        }
        return decoded;
    }

    private Optional<Credentials.Principal> authenticate(Request request) {
        String token = request.getHeaders().get("X-Auth-Token");
        if (token != null && !token.isBlank()) {
            return credentials.byToken(token.trim());
        }
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                        StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notBase64) {
                return Optional.empty();
            }
            int colon = decoded.indexOf(':');
            return colon < 0 ? Optional.empty()
                    : credentials.byPassword(decoded.substring(0, colon), decoded.substring(colon + 1));
        }
        return Optional.empty();
    }

    private byte[] body(Request request) {
        long declared = request.getLength();
        if (declared > maxBodyBytes) {
            throw new RestException(413, "the body is larger than " + maxBodyBytes + " bytes");
        }
        byte[] body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                if (out.size() > maxBodyBytes) {
                    throw new RestException(413, "the body is larger than " + maxBodyBytes + " bytes");
                }
            }
            body = out.toByteArray();
        } catch (IOException e) {
            throw RestException.badRequest("the body could not be read: " + e.getMessage());
        }
        if (body.length > 0) {
            String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
            String bare = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
            if (!JSON_TYPES.contains(bare)) {
                throw new RestException(415, "the body must be " + PROVD_JSON + " or application/json, not "
                        + (type == null ? "without a Content-Type" : type));
            }
        }
        return body;
    }

    private static Map<String, String> query(Request request) {
        Fields fields = Request.extractQueryParameters(request);
        Map<String, String> query = new LinkedHashMap<>();
        for (Fields.Field field : fields) {
            query.put(field.getName(), field.getValue());
        }
        return query;
    }

    private static RestResponse error(int status, String message) {
        return new RestResponse(status, Map.of("error", message == null ? "error" : message), null, null, Map.of());
    }

    private void send(Request request, Response response, Callback callback, RestResponse answer) {
        response.setStatus(answer.status());
        answer.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        // a request refused before its body was read
        UnreadBodies.closeConnectionIfUnread(request, response);
        if (answer.status() == 401) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"provd\", charset=\"UTF-8\"");
        }
        byte[] bytes;
        if (answer.text() != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
            bytes = answer.text().getBytes(StandardCharsets.UTF_8);
        } else if (answer.body() != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, responseType(request));
            bytes = json.write(answer.body());
        } else {
            bytes = new byte[0];
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        boolean head = "HEAD".equals(request.getMethod());
        response.write(true, head || bytes.length == 0 ? null : ByteBuffer.wrap(bytes), callback);
    }

    /** wazo clients ask for provd's own media type; others get application/json. */
    private static String responseType(Request request) {
        for (HttpField accept : request.getHeaders()) {
            if (accept.is(HttpHeader.ACCEPT.asString()) && accept.getValue().contains(PROVD_JSON)) {
                return PROVD_JSON;
            }
        }
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        return type != null && type.startsWith(PROVD_JSON) ? PROVD_JSON : "application/json";
    }
}
