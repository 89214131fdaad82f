package provd.fetchfw.internal.recipe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes the entries of one archive into a node, refusing every name that could lead outside it: absolute ones
 * ({@code /etc/evil}, {@code C:evil}), any with a {@code ..} segment, a NUL, no name at all. A backslash counts as a
 * separator (Windows tools write {@code ..\evil} into zips). Only regular files and directories ever reach this class;
 * links, devices and fifos are refused by {@link ArchiveExtractor} before, so nothing written here can redirect a
 * later write. A file written twice keeps its last content (tar's rule for appended members); a file where a
 * directory is, or the reverse, fails.
 */
final class EntryWriter {
    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");
    private static final int BUFFER = 64 * 1024;

    private final Path node;
    private final String archive;
    private final boolean flatten;
    private final Set<Path> flattened = new HashSet<>();

    /**
     * @param flatten write every file at the top of the node, under its last name segment, and skip directories
     *                (the {@code 7zr e} that xivo-fetchfw runs for {@code 7z}); two files of the same name fail
     */
    EntryWriter(Path node, String archive, boolean flatten) {
        this.node = node;
        this.archive = archive;
        this.flatten = flatten;
    }

    StepFailure refuse(String name, String why) {
        return StepFailure.unsafe(archive + ": entry " + name + " " + why);
    }

    void directory(String name) throws StepFailure {
        List<String> segments = segments(name);
        if (flatten || segments.isEmpty()) {
            // "./" is the node itself
            return;
        }
        Path directory = inside(segments);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw StepFailure.failed(archive + ": cannot make directory " + name, e);
        }
    }

    /** Writes the file {@code name} with what {@code content} holds, leaving {@code content} open. */
    void file(String name, InputStream content) throws StepFailure, IOException, InterruptedException {
        List<String> segments = segments(name);
        if (segments.isEmpty()) {
            throw refuse(name, "has no file name");
        }
        Path file = flatten ? node.resolve(segments.get(segments.size() - 1)) : inside(segments);
        if (flatten && !flattened.add(file)) {
            throw StepFailure.failed(archive + ": two files named " + file.getFileName() + " (7z extracts every "
                    + "file to the top of its node)");
        }
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            throw StepFailure.failed(archive + ": file " + name + " is where the archive made a directory");
        }
        byte[] buffer = new byte[BUFFER];
        try (OutputStream out = open(file, name)) {
            // read errors (a corrupt archive, the budget's overrun) propagate; write errors are the disk's
            for (int n; (n = content.read(buffer)) != -1; ) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                write(out, buffer, n, name);
            }
        }
    }

    private OutputStream open(Path file, String name) throws StepFailure {
        try {
            Files.createDirectories(file.getParent());
            return Files.newOutputStream(file);
        } catch (IOException e) {
            throw StepFailure.failed(archive + ": cannot write " + name, e);
        }
    }

    private void write(OutputStream out, byte[] buffer, int n, String name) throws StepFailure {
        try {
            out.write(buffer, 0, n);
        } catch (IOException e) {
            throw StepFailure.failed(archive + ": cannot write " + name, e);
        }
    }

    private List<String> segments(String name) throws StepFailure {
        if (name == null || name.isEmpty()) {
            throw refuse("\"\"", "has no name");
        }
        if (name.indexOf('\0') >= 0) {
            throw refuse(name.replace('\0', '?'), "has a NUL in its name");
        }
        String path = name.replace('\\', '/');
        if (path.startsWith("/") || DRIVE.matcher(path).matches()) {
            throw refuse(name, "is an absolute path");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                throw refuse(name, "leaves the node (..)");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        return segments;
    }

    private Path inside(List<String> segments) throws StepFailure {
        Path path = node.resolve(String.join("/", segments)).normalize();
        if (!path.startsWith(node)) {
            // cannot happen after the checks above; a last guard, as the price of a mistake here is high
            throw refuse(String.join("/", segments), "leaves the node");
        }
        return path;
    }
}
