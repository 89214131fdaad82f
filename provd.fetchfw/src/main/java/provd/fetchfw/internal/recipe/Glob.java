package provd.fetchfw.internal.recipe;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The files a recipe's glob names in a node, as xivo-fetchfw's {@code _GlobHelper} finds them with Python's
 * {@code glob.iglob(os.path.join(node, pattern))}: the pattern is matched one segment at a time ({@code *} does not
 * cross {@code /}, {@code *}&#47;{@code *.eff} is one directory down; {@code **} is no recursion), a segment without
 * wildcards names an existing file or directory, and a wildcard does not match a name beginning with {@code .}
 * unless the segment itself begins with one. Several globs match together: the step fails only when none of them
 * matches anything ({@code cp *.ld VVXLocalization ./} copies the .ld files of a release without that directory).
 * Matches come sorted by name (Python's come in directory order), each once.
 */
final class Glob {
    private Glob() {
    }

    static List<Path> matchAny(Path node, List<String> globs) throws StepFailure, IOException {
        Set<Path> matches = new LinkedHashSet<>();
        for (String glob : globs) {
            matches.addAll(match(node, glob));
        }
        if (matches.isEmpty()) {
            throw StepFailure.failed("nothing in node " + node.getFileName() + " matches " + String.join(" ", globs));
        }
        return List.copyOf(matches);
    }

    static List<Path> match(Path node, String glob) throws StepFailure, IOException {
        List<String> segments = NodePath.segments(glob);
        if (segments.isEmpty()) {
            throw StepFailure.failed(glob + " names the node itself, not files in it");
        }
        List<Path> current = List.of(node);
        for (int i = 0; i < segments.size(); i++) {
            boolean last = i == segments.size() - 1;
            List<Path> next = new ArrayList<>();
            for (Path directory : current) {
                next.addAll(children(directory, segments.get(i)));
            }
            current = last ? next : next.stream().filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .toList();
        }
        return current;
    }

    private static List<Path> children(Path directory, String segment) throws StepFailure, IOException {
        if (!Fnmatch.hasMagic(segment)) {
            Path child = directory.resolve(segment);
            return Files.exists(child, LinkOption.NOFOLLOW_LINKS) ? List.of(child) : List.of();
        }
        Pattern pattern = Fnmatch.compile(segment);
        boolean hidden = segment.startsWith(".");
        List<Path> matches = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if ((hidden || !name.startsWith(".")) && pattern.matcher(name).matches()) {
                    matches.add(entry);
                }
            }
        }
        matches.sort(null);
        return matches;
    }
}
