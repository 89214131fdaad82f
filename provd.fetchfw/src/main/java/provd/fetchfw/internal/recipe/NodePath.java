package provd.fetchfw.internal.recipe;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A path a recipe names inside a node: a glob, a {@code cp} destination, the file {@code unsign} writes. As in
 * xivo-fetchfw it is relative ({@code os.path.normpath}: empty and {@code .} segments drop out); unlike it, no
 * {@code ..} segment is accepted anywhere, so that no argument, whatever {@code $ARGn} holds, leaves its node.
 */
final class NodePath {
    private NodePath() {
    }

    /** The path's segments, none of them empty, {@code .} or {@code ..}. */
    static List<String> segments(String path) throws StepFailure {
        if (path.startsWith("/")) {
            throw StepFailure.failed(path + " is an absolute path; a recipe names paths inside its nodes");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                throw StepFailure.failed(path + " leaves its node (..)");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        return segments;
    }

    /** {@code path} inside {@code node}; {@code node} itself for {@code ./}. */
    static Path resolve(Path node, String path) throws StepFailure {
        Path resolved = node;
        for (String segment : segments(path)) {
            resolved = resolved.resolve(segment);
        }
        return resolved;
    }

    /** How a message names {@code path}, a file or directory under {@code node}. */
    static String relative(Path node, Path path) {
        return node.relativize(path).toString().replace('\\', '/');
    }
}
