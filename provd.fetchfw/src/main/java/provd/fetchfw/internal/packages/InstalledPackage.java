package provd.fetchfw.internal.packages;

import java.util.List;

/**
 * The record of an installed package: which version, and which files (relative to the plugin's file area, with
 * {@code /} separators) it put there, so that uninstalling removes exactly those.
 */
record InstalledPackage(String id, String version, List<String> files) {
    InstalledPackage {
        files = List.copyOf(files);
    }
}
