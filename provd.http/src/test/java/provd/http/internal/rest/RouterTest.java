package provd.http.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RouterTest {
    private final Router.Action list = call -> RestResponse.ok("list");
    private final Router.Action create = call -> RestResponse.ok("create");
    private final Router.Action get = call -> RestResponse.ok("get");
    private final Router.Action special = call -> RestResponse.ok("special");
    private final Router router = new Router()
            .add("GET", "", "provd.read", call -> RestResponse.ok("root"))
            .add("GET", "/dev_mgr/devices", "provd.dev_mgr.devices.read", list)
            .add("POST", "/dev_mgr/devices", "provd.dev_mgr.devices.create", create)
            .add("GET", "/dev_mgr/devices/{device_id}", "provd.dev_mgr.devices.{device_id}.read", get)
            .add("GET", "/dev_mgr/devices/special", "provd.special", special)
            .add("PUT", "/pg_mgr/plugins/{plugin_id}/files/{file}", "provd.pg_mgr.plugins.{plugin_id}.files.{file}",
                    get)
            .add("GET", "/status", null, call -> RestResponse.ok("status"));

    private Optional<Router.Match> find(String method, String path) {
        return router.find(method, Router.segments(path));
    }

    @Test
    void segmentsOfAPath() {
        assertEquals(List.of("a", "b"), Router.segments("/a/b"));
        assertEquals(List.of("a", "b"), Router.segments("/a/b/"));
        assertEquals(List.of("a", "b"), Router.segments("a/b"));
        assertEquals(List.of(), Router.segments(""));
        assertEquals(List.of(), Router.segments("/"));
        assertEquals(List.of("a", "", "b"), Router.segments("/a//b"));
    }

    @Test
    void anExactPath() {
        Router.Match match = find("GET", "/dev_mgr/devices").orElseThrow();
        assertSame(list, match.route().action());
        assertEquals(Map.of(), match.parameters());
        assertEquals("provd.dev_mgr.devices.read", match.route().aclFor(match.parameters()));
        assertSame(create, find("POST", "/dev_mgr/devices").orElseThrow().route().action());
    }

    @Test
    void theRootPath() {
        assertEquals("provd.read", find("GET", "").orElseThrow().route().acl());
        assertEquals("provd.read", find("GET", "/").orElseThrow().route().acl());
    }

    @Test
    void aTemplateCapturesItsParameters() {
        Router.Match match = find("GET", "/dev_mgr/devices/ab12").orElseThrow();
        assertSame(get, match.route().action());
        assertEquals(Map.of("device_id", "ab12"), match.parameters());
        assertEquals("provd.dev_mgr.devices.ab12.read", match.route().aclFor(match.parameters()));

        Router.Match two = find("PUT", "/pg_mgr/plugins/xivo-aastra/files/a.cfg").orElseThrow();
        assertEquals(Map.of("plugin_id", "xivo-aastra", "file", "a.cfg"), two.parameters());
        assertEquals("provd.pg_mgr.plugins.xivo-aastra.files.a.cfg", two.route().aclFor(two.parameters()));
    }

    @Test
    void aTrailingSlashIsIgnored() {
        assertSame(list, find("GET", "/dev_mgr/devices/").orElseThrow().route().action());
        assertEquals(Map.of("device_id", "ab12"), find("GET", "/dev_mgr/devices/ab12/").orElseThrow().parameters());
    }

    @Test
    void anEmptySegmentMatchesNothing() {
        assertEquals(Optional.empty(), find("GET", "/dev_mgr//devices"));
        assertEquals(Optional.empty(), find("GET", "/dev_mgr/devices//"), "no device with an empty id");
        assertEquals(Optional.empty(), find("PUT", "/pg_mgr/plugins//files/a.cfg"));
        assertEquals(Set.of(), router.methods(Router.segments("/dev_mgr/devices//")));
    }

    @Test
    void otherPathsAreNotFound() {
        assertEquals(Optional.empty(), find("GET", "/dev_mgr"));
        assertEquals(Optional.empty(), find("GET", "/dev_mgr/devices/ab12/more"));
        assertEquals(Optional.empty(), find("GET", "/DEV_MGR/devices"));
        assertEquals(Set.of(), router.methods(Router.segments("/nope")));
    }

    @Test
    void theMethodsOfAPathTellA405() {
        assertEquals(Optional.empty(), find("DELETE", "/dev_mgr/devices"));
        assertEquals(List.of("GET", "POST"), List.copyOf(router.methods(Router.segments("/dev_mgr/devices"))));
        assertEquals(Set.of("GET"), router.methods(Router.segments("/dev_mgr/devices/ab12")));
        assertEquals(Optional.empty(), find("get", "/dev_mgr/devices"), "methods are case-sensitive");
    }

    @Test
    void theFirstRegisteredRouteWins() {
        Router.Match match = find("GET", "/dev_mgr/devices/special").orElseThrow();
        assertSame(get, match.route().action(), "the template was registered before the literal path");
        assertEquals(Map.of("device_id", "special"), match.parameters());

        Router literalFirst = new Router()
                .add("GET", "/x/special", "a", special)
                .add("GET", "/x/{id}", "b", get);
        assertSame(special, literalFirst.find("GET", List.of("x", "special")).orElseThrow().route().action());
        assertSame(get, literalFirst.find("GET", List.of("x", "other")).orElseThrow().route().action());
    }

    @Test
    void aPublicRouteHasNoAcl() {
        assertNull(find("GET", "/status").orElseThrow().route().acl());
    }

    @Test
    void aTemplateParameterIsMatchedLiterallyNotAsAPattern() {
        Router.Match match = find("GET", "/dev_mgr/devices/{device_id}").orElseThrow();
        assertEquals(Map.of("device_id", "{device_id}"), match.parameters());
        assertTrue(find("GET", "/dev_mgr/devices/a b").isPresent());
    }
}
