package provd.core.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Resolves the path a phone asked for inside a plugin's file area, for the servers. Only plain relative paths are
 * accepted: no {@code ..} or {@code .} segment nor any other segment starting with a dot (temporary files of writes
 * in progress are hidden), no backslash, no NUL or other control character, no empty segment;
 * leading slashes are dropped (HTTP paths start with one, TFTP file names may). The file found must be a regular
 * file whose real location, links followed, is inside the area: a link pointing out of it is not followed.
 */
public final class ServedFiles {
    private ServedFiles() {
    }

    /**
     * The regular file {@code requested} names inside {@code area}, or empty when there is none or the path is not
     * a plain relative path.
     *
     * @param area      the file area, as a real path (links resolved), as {@link ProvisioningRoute#fileArea()} gives
     *                  it; a file whose real path is not under it is not served
     * @param requested the decoded path, as the phone asked for it ({@code /Digium/000fd3054848.cfg})
     */
    public static Optional<Path> resolve(Path area, String requested) {
        return locate(area, requested).map(Located::path);
    }

    /**
     * A served file as {@link #resolve} finds it, with the attributes of the file itself (not of a link to it).
     *
     * @param throughLink whether a link was followed to reach it: its path is then its real path
     */
    record Located(Path path, BasicFileAttributes attributes, boolean throughLink) {
    }

    /** The path {@code requested} names inside {@code area}, by its characters alone; empty when not plain. */
    static Optional<Path> candidate(Path area, String requested) {
        Optional<String> relative = plainRelative(requested);
        if (relative.isEmpty()) {
            return Optional.empty();
        }
        try {
            Path root = area.toAbsolutePath().normalize();
            Path file = root.resolve(relative.get()).normalize();
            return file.startsWith(root) && !file.equals(root) ? Optional.of(file) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** As {@link #resolve}, with the file's attributes. */
    static Optional<Located> locate(Path area, String requested) {
        return candidate(area, requested).flatMap(file -> locate(area, file));
    }

    /** The {@link #candidate} {@code file} of {@code area}, if it is a regular file inside it, links followed. */
    static Optional<Located> locate(Path area, Path file) {
        Path root = area.toAbsolutePath().normalize();
        try {
            // Each name below the root (itself real) is checked for a link: one system call per name below the root,
            // where finding the real path costs one per name from /.
            BasicFileAttributes attributes = null;
            Path current = root;
            for (Path name : root.relativize(file)) {
                current = current.resolve(name);
                attributes = Files.readAttributes(current, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (attributes.isSymbolicLink()) {
                    return followingLinks(root, file);
                }
            }
            return attributes != null && attributes.isRegularFile()
                    ? Optional.of(new Located(file, attributes, false)) : Optional.empty();
        } catch (IOException | InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** A file reached through links (an operator's): served only when its real location is inside the root. */
    private static Optional<Located> followingLinks(Path root, Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (!attributes.isRegularFile()) {
            return Optional.empty();
        }
        Path real = file.toRealPath();
        return real.startsWith(root) ? Optional.of(new Located(real, attributes, true)) : Optional.empty();
    }

    /** {@code requested} without its leading slashes, if it is a plain relative path. */
    private static Optional<String> plainRelative(String requested) {
        int start = 0;
        while (start < requested.length() && requested.charAt(start) == '/') {
            start++;
        }
        String path = requested.substring(start);
        if (path.isEmpty() || path.length() > 1024) {
            return Optional.empty();
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                return Optional.empty();
            }
        }
        for (String segment : path.split("/", -1)) {
            // a hidden name is never a phone's file: it is a write in progress (or one a crash cut short) beside
            // its target, possibly holding the target's credentials
            if (segment.isEmpty() || segment.charAt(0) == '.') {
                return Optional.empty();
            }
        }
        return Optional.of(path);
    }
}
