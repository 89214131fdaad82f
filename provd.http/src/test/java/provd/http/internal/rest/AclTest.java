package provd.http.internal.rest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class AclTest {
    private static boolean grants(String pattern, String needed) {
        return Acl.grants(List.of(pattern), needed);
    }

    @Test
    void provdHashGrantsEverythingOfProvd() {
        assertTrue(grants("provd.#", "provd.read"));
        assertTrue(grants("provd.#", "provd.dev_mgr.devices.ab12.read"));
        assertTrue(grants("provd.#", "provd"), "# matches zero segments");
        assertFalse(grants("provd.#", "confd.users.read"));
        assertFalse(grants("provd.#", "provdx.read"));
    }

    @Test
    void hashMatchesZeroOrMoreSegmentsAnywhere() {
        assertTrue(grants("#", "provd.read"));
        assertTrue(grants("provd.#.read", "provd.read"));
        assertTrue(grants("provd.#.read", "provd.dev_mgr.read"));
        assertTrue(grants("provd.#.read", "provd.dev_mgr.devices.ab12.read"));
        assertFalse(grants("provd.#.read", "provd.dev_mgr.devices.ab12.update"));
        assertTrue(grants("provd.#.#.read", "provd.read"));
    }

    @Test
    void starMatchesExactlyOneSegment() {
        String pattern = "provd.dev_mgr.devices.*.read";
        assertTrue(grants(pattern, "provd.dev_mgr.devices.ab12.read"));
        assertFalse(grants(pattern, "provd.dev_mgr.devices.read"), "not zero segments");
        assertFalse(grants(pattern, "provd.dev_mgr.devices.ab.12.read"), "not two segments");
        assertFalse(grants(pattern, "provd.dev_mgr.devices.ab12.update"));
        assertTrue(grants("provd.*", "provd.read"));
        assertFalse(grants("provd.*", "provd.dev_mgr.read"));
    }

    @Test
    void exactNames() {
        assertTrue(grants("provd.dev_mgr.read", "provd.dev_mgr.read"));
        assertFalse(grants("provd.dev_mgr.read", "provd.dev_mgr.read.more"));
        assertFalse(grants("provd.dev_mgr.read", "provd.dev_mgr"));
        assertFalse(grants("provd.dev_mgr.read", "PROVD.dev_mgr.read"), "case matters");
    }

    @Test
    void noMatchAcrossPrefixes() {
        assertFalse(grants("provd.dev.#", "provd.dev_mgr.read"));
        assertFalse(grants("provd.dev", "provd.dev_mgr"));
        assertFalse(grants("provd.dev_mgr.#", "provd.dev_mgr_x.read"));
        assertTrue(grants("provd.dev_mgr.#", "provd.dev_mgr.read"));
        assertFalse(grants("provd.pg_mgr.*", "provd.pg_mgrx.read"));
    }

    @Test
    void starAndHashAreOnlyWildcardsAsWholeSegments() {
        assertFalse(grants("provd.dev*.read", "provd.dev_mgr.read"));
        assertFalse(grants("provd.#x", "provd.read"));
    }

    @Test
    void anyPatternOfTheListGrants() {
        List<String> acl = List.of("provd.cfg_mgr.#", "provd.dev_mgr.devices.*.read");
        assertTrue(Acl.grants(acl, "provd.cfg_mgr.configs.read"));
        assertTrue(Acl.grants(acl, "provd.dev_mgr.devices.ab12.read"));
        assertFalse(Acl.grants(acl, "provd.dev_mgr.devices.ab12.delete"));
        assertFalse(Acl.grants(List.of(), "provd.read"), "an empty ACL grants nothing");
    }
}
