package provd.fetchfw.internal.recipe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code cp <glob>... <destination>}, as xivo-fetchfw's {@code CopyFilter}: the globs match in the input node
 * ({@link Glob}), the destination is a path in the output node, its missing directories made. A destination ending in
 * {@code /} is a directory ({@code ./} the node itself): each match is copied into it under its own name, a directory
 * with its whole tree ({@code cp usr/local/cm/tftp/* i18n/}). Otherwise the destination is a file, and the globs must
 * match exactly one regular file. Where the reference lets a later match silently replace an earlier one of the same
 * name (in directory order, so unpredictably), this fails.
 */
final class CopyCommand {
    private CopyCommand() {
    }

    static void run(Path input, Path output, List<String> arguments) throws StepFailure, IOException {
        List<String> globs = arguments.subList(0, arguments.size() - 1);
        String destination = arguments.get(arguments.size() - 1);
        List<Path> sources = Glob.matchAny(input, globs);
        Path target = NodePath.resolve(output, destination);
        if (destination.endsWith("/")) {
            intoDirectory(input, sources, target, destination);
        } else {
            toFile(input, sources, target, destination);
        }
    }

    private static void intoDirectory(Path input, List<Path> sources, Path directory, String destination)
            throws StepFailure, IOException {
        if (Files.exists(directory, LinkOption.NOFOLLOW_LINKS)
                && !Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            throw StepFailure.failed("destination " + destination + " is a file, not a directory");
        }
        Files.createDirectories(directory);
        Map<String, Path> copied = new HashMap<>();
        for (Path source : sources) {
            String name = source.getFileName().toString();
            Path earlier = copied.putIfAbsent(name, source);
            if (earlier != null) {
                throw StepFailure.failed(NodePath.relative(input, earlier) + " and " + NodePath.relative(input, source)
                        + " would both be " + destination + name);
            }
            Trees.copy(source, directory.resolve(name));
        }
    }

    private static void toFile(Path input, List<Path> sources, Path file, String destination)
            throws StepFailure, IOException {
        if (sources.size() > 1) {
            throw StepFailure.failed("the file " + destination + " can take one source, not " + sources.size() + " ("
                    + sources.stream().map(s -> NodePath.relative(input, s)).collect(Collectors.joining(", "))
                    + "); end the destination with / to copy into a directory");
        }
        Path source = sources.get(0);
        if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
            throw StepFailure.failed(NodePath.relative(input, source) + " is a directory; end the destination with /"
                    + " to copy it into a directory");
        }
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            throw StepFailure.failed("destination " + destination + " is a directory; end it with / to copy into it");
        }
        Files.createDirectories(file.getParent());
        Files.copy(source, file);
    }
}
