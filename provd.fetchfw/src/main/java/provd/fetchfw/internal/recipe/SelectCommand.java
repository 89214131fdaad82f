package provd.fetchfw.internal.recipe;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code include <pattern>...} and {@code exclude <pattern>...}: the output node is a copy of the input node with some
 * entries kept or left out, as xivo-fetchfw's {@code IncludeFilter} and {@code ExcludeFilter} do it. Patterns are
 * {@link Fnmatch} patterns matched against an entry's whole path relative to the node, so {@code *} also matches
 * {@code /} ({@code exclude *.txt} drops {@code doc/a.txt} too).
 * <ul>
 * <li>{@code exclude} walks the whole tree; a matching entry is left out, a matching directory with everything
 * under it, and the other directories are kept, even when nothing is left in them.</li>
 * <li>{@code include} keeps the entries at the top of the node that match, a directory with everything under it
 * ({@code include *.ld SoundPointIPLocalization}). The reference never looks deeper: it walks only into directories it
 * already included, so a pattern with a {@code /} never matches; {@code cp} is the command for files further down.
 * Unlike the reference, which then installs nothing, an include that keeps nothing fails.</li>
 * </ul>
 */
final class SelectCommand {
    private SelectCommand() {
    }

    static void include(Path input, Path output, List<String> patterns) throws StepFailure, IOException {
        List<Pattern> compiled = compile(patterns);
        boolean kept = false;
        for (Path entry : sortedChildren(input)) {
            if (matches(compiled, entry.getFileName().toString())) {
                Trees.copy(entry, output.resolve(entry.getFileName().toString()));
                kept = true;
            }
        }
        if (!kept) {
            throw StepFailure.failed("nothing at the top of node " + input.getFileName() + " matches "
                    + String.join(" ", patterns));
        }
    }

    static void exclude(Path input, Path output, List<String> patterns) throws StepFailure, IOException {
        copyExcept(input, input, output, compile(patterns));
    }

    private static void copyExcept(Path root, Path directory, Path output, List<Pattern> patterns)
            throws IOException {
        for (Path entry : sortedChildren(directory)) {
            if (matches(patterns, NodePath.relative(root, entry))) {
                continue;
            }
            Path target = output.resolve(NodePath.relative(root, entry));
            if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(target);
                copyExcept(root, entry, output, patterns);
            } else {
                Trees.copy(entry, target);
            }
        }
    }

    private static List<Pattern> compile(List<String> patterns) throws StepFailure {
        List<Pattern> compiled = new ArrayList<>();
        for (String pattern : patterns) {
            compiled.add(Fnmatch.compile(pattern));
        }
        return compiled;
    }

    private static boolean matches(List<Pattern> patterns, String path) {
        return patterns.stream().anyMatch(p -> p.matcher(path).matches());
    }

    private static List<Path> sortedChildren(Path directory) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            entries.forEach(children::add);
        }
        children.sort(null);
        return children;
    }
}
