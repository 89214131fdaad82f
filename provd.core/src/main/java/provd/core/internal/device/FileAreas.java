package provd.core.internal.device;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import provd.core.internal.PrivateFiles;
import provd.core.store.DocumentStore;

/**
 * The plugins' file areas, {@code <data>/plugins/<plugin-id>/var/tftpboot/}: where each plugin's generated files
 * live and from which phones are served. Paths given by plugins are resolved strictly inside their area.
 */
public final class FileAreas {
    private static final String TEMP_SUFFIX = ".tmp";
    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.\\d+" + Pattern.quote(TEMP_SUFFIX));
    private final Path pluginsDir;
    /** Each area's real path, once it exists: the servers compare served files' real paths with it. */
    private final Map<String, Path> realRoots = new ConcurrentHashMap<>();

    public FileAreas(Path dataDir) {
        this.pluginsDir = dataDir.resolve("plugins").toAbsolutePath().normalize();
    }

    /**
     * The file area of {@code pluginId} with links resolved (an operator may have moved {@code data/plugins} to
     * another disk), computed once it exists.
     */
    public Path realRoot(String pluginId) {
        Path known = realRoots.get(pluginId);
        if (known != null) {
            return known;
        }
        Path root = root(pluginId);
        try {
            Path real = root.toRealPath();
            realRoots.put(pluginId, real);
            return real;
        } catch (IOException notYet) {
            return root; // nothing written there yet: nothing to serve either
        }
    }

    /** The file area of {@code pluginId}. */
    public Path root(String pluginId) {
        return pluginDirectory(pluginId).resolve("var").resolve("tftpboot");
    }

    /**
     * The directory of {@code pluginId}, {@code <data>/plugins/<plugin-id>/}, which holds its file area: a direct
     * child of the plugins directory.
     *
     * @throws IllegalArgumentException when the id is not a plain name (a path, {@code ..})
     */
    public Path pluginDirectory(String pluginId) {
        if (!DocumentStore.VALID_ID.matcher(pluginId).matches()) {
            throw new IllegalArgumentException("not a plugin id: '" + pluginId + "'");
        }
        Path directory = pluginsDir.resolve(pluginId).normalize();
        if (!pluginsDir.equals(directory.getParent())) {
            throw new IllegalArgumentException("not a plugin id: '" + pluginId + "'");
        }
        return directory;
    }

    /**
     * Removes the directory of {@code pluginId} and everything in it (its file area with it). Links inside are
     * removed, never followed; a directory that is itself a link (moved to another disk) loses only the link.
     *
     * @return whether there was one
     * @throws IllegalArgumentException when the id is not a plain name
     */
    public boolean removePluginDirectory(String pluginId) throws IOException {
        Path directory = pluginDirectory(pluginId);
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        realRoots.remove(pluginId);
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
        return true;
    }

    /**
     * A plugin-relative path ({@code Digium/000fd3054848.cfg}) inside the plugin's area; empty when it is not a
     * plain relative path: absolute, with {@code ..} or {@code .} or empty segments, backslashes or NULs.
     */
    public Optional<Path> resolve(String pluginId, String relative) {
        if (relative.isEmpty() || relative.startsWith("/") || relative.indexOf('\\') >= 0
                || relative.indexOf('\0') >= 0
                || Arrays.stream(relative.split("/", -1)).anyMatch(s -> s.isEmpty() || s.equals(".") || s.equals(".."))) {
            return Optional.empty();
        }
        Path root = root(pluginId);
        Path resolved = root.resolve(relative).normalize();
        return resolved.startsWith(root) ? Optional.of(resolved) : Optional.empty();
    }

    /**
     * Removes the temporary files that writes interrupted by a crash left in the file areas, those last modified
     * before {@code before}: a write under way now is not disturbed. They are never served (their names start with
     * a dot) but would pile up.
     *
     * @return how many were removed
     */
    public int removeLeftovers(Instant before) throws IOException {
        if (!Files.isDirectory(pluginsDir)) {
            return 0;
        }
        int[] removed = {0};
        try (DirectoryStream<Path> plugins = Files.newDirectoryStream(pluginsDir)) {
            for (Path plugin : plugins) {
                Path area = plugin.resolve("var").resolve("tftpboot");
                if (!Files.isDirectory(area)) {
                    continue;
                }
                // the area itself may be a link to another disk; links inside it are not followed
                Files.walkFileTree(area.toRealPath(), new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                        if (attributes.isRegularFile() && isTemporary(file.getFileName().toString())
                                && attributes.lastModifiedTime().toInstant().isBefore(before)) {
                            delete(file);
                            removed[0]++;
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException failure) {
                        return FileVisitResult.CONTINUE; // removed meanwhile, or unreadable: not ours to judge
                    }
                });
            }
        }
        return removed[0];
    }

    /** The name of a temporary file {@link #write} makes beside {@code name}. */
    private static String temporaryName(String name) {
        // one writer per file at a time (the configurer serialises each device): a per-thread name cannot collide
        return "." + name + "." + Thread.currentThread().getId() + TEMP_SUFFIX;
    }

    static boolean isTemporary(String fileName) {
        return TEMPORARY.matcher(fileName).matches();
    }

    /**
     * Writes a generated file: to a temporary file beside it, renamed into place, so a phone never reads half a
     * file. Unchanged content is not rewritten. Not synced to disk: generated files are derived from the store and
     * {@code provd:reconfigure} makes them again.
     */
    static void write(Path file, byte[] content) throws IOException {
        if (hasContent(file, content)) {
            return;
        }
        Path temp = file.resolveSibling(temporaryName(file.getFileName().toString()));
        boolean moved = false;
        try {
            try (FileChannel channel = createInItsDirectory(temp)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    private static FileChannel createInItsDirectory(Path file) throws IOException {
        try {
            return PrivateFiles.create(file);
        } catch (NoSuchFileException firstFileOfItsDirectory) {
            Files.createDirectories(file.getParent());
            return PrivateFiles.create(file);
        }
    }

    /**
     * Whether {@code file} holds exactly {@code content}; one system call, and no exception made, when it does not
     * exist (the case of every new device).
     */
    private static boolean hasContent(Path file, byte[] content) throws IOException {
        long size = file.toFile().length(); // 0 when absent
        if (size != content.length) {
            return false;
        }
        try {
            return size == 0 ? Files.isRegularFile(file) : Arrays.equals(Files.readAllBytes(file), content);
        } catch (NoSuchFileException removedMeanwhile) {
            return false;
        }
    }

    static void delete(Path file) throws IOException {
        try {
            Files.delete(file);
        } catch (NoSuchFileException alreadyGone) {
            // nothing to do
        }
    }
}
