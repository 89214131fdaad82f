package provd.http.internal.rest;

import java.util.List;

/**
 * Wazo's ACL patterns: dot-separated segments, {@code *} matching exactly one segment and {@code #} any number of
 * them (none included), so {@code provd.#} grants everything of provd and {@code provd.dev_mgr.devices.*.read}
 * reading any one device.
 */
final class Acl {
    private Acl() {
    }

    static boolean grants(List<String> patterns, String needed) {
        String[] target = needed.split("\\.", -1);
        for (String pattern : patterns) {
            if (matches(pattern.split("\\.", -1), 0, target, 0)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String[] pattern, int p, String[] target, int t) {
        if (p == pattern.length) {
            return t == target.length;
        }
        if (pattern[p].equals("#")) {
            for (int skip = t; skip <= target.length; skip++) {
                if (matches(pattern, p + 1, target, skip)) {
                    return true;
                }
            }
            return false;
        }
        if (t == target.length) {
            return false;
        }
        return (pattern[p].equals("*") || pattern[p].equals(target[t])) && matches(pattern, p + 1, target, t + 1);
    }
}
