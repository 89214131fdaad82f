package provd.fetchfw.internal.packages;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

import provd.fetchfw.internal.DurableFiles;

/**
 * One plugin's directory as far as packages go: the file area ({@code var/tftpboot}) that receives their files,
 * and the records of what is installed ({@code var/packages/<id>.json}, beside the area so that it is never served).
 * Files are put in place in two phases — every new file is first copied next to its target under a temporary name,
 * then all are renamed over their targets — so a failure while preparing leaves the installed version intact.
 */
final class PackageArea {
    private static final String TEMPORARY_SUFFIX = ".fetchfw-tmp";

    private final Path files;
    private final Path records;
    private final ObjectMapper json;

    PackageArea(Path pluginDirectory, ObjectMapper json) {
        this.files = pluginDirectory.resolve("var").resolve("tftpboot");
        this.records = pluginDirectory.resolve("var").resolve("packages");
        this.json = json;
    }

    Path files() {
        return files;
    }

    /** The packages installed, by id. */
    Map<String, InstalledPackage> installed() throws IOException {
        Map<String, InstalledPackage> installed = new TreeMap<>();
        if (!Files.isDirectory(records)) {
            return installed;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(records, "*.json")) {
            for (Path record : stream) {
                InstalledPackage p = json.readValue(record.toFile(), InstalledPackage.class);
                installed.put(p.id(), p);
            }
        }
        return installed;
    }

    /**
     * Puts the files under {@code result} into the area as package {@code id}, replacing {@code previous} (the same
     * package's older version, or null): its files the new version lacks are removed.
     *
     * @param owners the files of the other installed packages, by file, which this package may not overwrite
     * @return the new record
     */
    InstalledPackage put(String id, String version, Path result, InstalledPackage previous,
            Map<String, String> owners) throws IOException {
        List<String> names = regularFiles(result);
        for (String name : names) {
            String owner = owners.get(name);
            if (owner != null) {
                throw new FileAlreadyExistsException(name, null, "package " + owner + " installed it");
            }
        }
        Map<Path, Path> staged = new LinkedHashMap<>();
        try {
            for (String name : names) {
                Path target = inside(name);
                Files.createDirectories(target.getParent());
                Path temporary = target.resolveSibling("." + target.getFileName() + TEMPORARY_SUFFIX);
                Files.copy(result.resolve(name), temporary, StandardCopyOption.REPLACE_EXISTING);
                force(temporary);
                staged.put(temporary, target);
            }
        } catch (IOException | RuntimeException e) {
            for (Path temporary : staged.keySet()) {
                Files.deleteIfExists(temporary);
            }
            throw e;
        }
        Set<Path> directories = new HashSet<>();
        for (Map.Entry<Path, Path> move : staged.entrySet()) {
            Files.move(move.getKey(), move.getValue(), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            directories.add(move.getValue().getParent());
        }
        for (Path directory : directories) {
            DurableFiles.syncDirectory(directory);
        }
        if (previous != null) {
            Set<String> kept = new HashSet<>(names);
            removeFiles(previous.files().stream().filter(name -> !kept.contains(name)).toList());
        }
        InstalledPackage installed = new InstalledPackage(id, version, names);
        writeRecord(installed);
        return installed;
    }

    /** Removes the files of an installed package, the directories it leaves empty, and its record. */
    void remove(InstalledPackage installed) throws IOException {
        removeFiles(installed.files());
        Files.deleteIfExists(record(installed.id()));
    }

    private void removeFiles(List<String> names) throws IOException {
        for (String name : names) {
            Path file = inside(name);
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(file);
            }
            // the directories the package created and nothing else uses any more
            for (Path dir = file.getParent(); dir != null && !dir.equals(files); dir = dir.getParent()) {
                try {
                    Files.deleteIfExists(dir);
                } catch (DirectoryNotEmptyException e) {
                    break;
                }
            }
        }
    }

    private void writeRecord(InstalledPackage installed) throws IOException {
        Files.createDirectories(records);
        Path record = record(installed.id());
        Path temporary = record.resolveSibling("." + record.getFileName() + TEMPORARY_SUFFIX);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(json.writeValueAsBytes(installed)));
            channel.force(true);
        }
        DurableFiles.moveReplacing(temporary, record);
    }

    private Path record(String id) {
        return records.resolve(id + ".json");
    }

    /** {@code name} inside the area; a name that would leave it is a bug upstream, refused here all the same. */
    private Path inside(String name) {
        Path file = files.resolve(name).normalize();
        if (!file.startsWith(files) || file.equals(files)) {
            throw new IllegalArgumentException("'" + name + "' is not inside the file area");
        }
        return file;
    }

    /** The regular files under {@code root}, as sorted relative names with {@code /} separators. */
    private static List<String> regularFiles(Path root) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                if (Files.isSymbolicLink(path)) {
                    throw new IOException("the result holds a link, " + root.relativize(path));
                }
                if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    names.add(root.relativize(path).toString().replace(root.getFileSystem().getSeparator(), "/"));
                }
            }
        }
        names.sort(null);
        return names;
    }

    private static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }
}
