package provd.launch;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Prepares the provd home before the bnd launcher starts the framework. The executable jar names this class as its
 * {@code Launcher-Agent-Class}, so the JVM runs it first, on {@code java -jar provd.jar}.
 *
 * <p>The bnd launcher takes the framework cache location from {@code launch.storage.dir}, fixed at build time; this
 * derives it, and the other home paths, from {@code -Dprovd.home} (default {@code ./provd-home}):
 * <pre>
 *   bin/     the distribution's scripts (provd-dhcp-hook), replaced by the jar's at each start
 *   etc/     *.cfg configuration, watched by FileInstall; seeded with the defaults on first start
 *   deploy/  bundle jars dropped here are installed and started
 *   data/    the framework cache (data/framework) and provd's own data
 *   log/     provd.log, and the logs of the five runs before as provd.log.1 ... provd.log.5
 *   tmp/     the JVM's temporary files, emptied at each start
 * </pre>
 * A path already given as a system property wins over the derived one; {@code java.io.tmpdir} is taken as given when
 * it is not the platform's {@code /tmp}. The bnd launcher extracts the jars of its class path to temporary files at
 * each start and removes them only when the JVM exits cleanly: in {@code /tmp}, each server killed or crashed left
 * 1.3 MB behind for good.
 */
public final class Bootstrap {
    static final String HOME = "provd.home";
    private static final String DEFAULT_HOME = "provd-home";
    private static final String DEFAULTS_IN_JAR = "etc/";
    private static final String SCRIPTS_IN_JAR = "bin/";
    private static final String LOG_FILE = "provd.log";
    private static final String LOG_FILE_PROPERTY = "org.slf4j.simpleLogger.logFile";
    private static final int KEPT_LOGS = 5;
    private static final String TMPDIR = "java.io.tmpdir";
    private static final Path PLATFORM_TMPDIR = Path.of("/tmp");

    private Bootstrap() {
    }

    /** Called by the JVM before the launcher's main method. */
    public static void agentmain(String args) {
        Path home = Path.of(System.getProperty(HOME, DEFAULT_HOME)).toAbsolutePath().normalize();
        try {
            prepare(home);
        } catch (IOException | RuntimeException e) {
            System.err.println("provd: cannot prepare the home directory " + home + ": " + e);
            System.exit(1);
        }
    }

    static void prepare(Path home) throws IOException {
        Path bin = home.resolve("bin");
        Path etc = home.resolve("etc");
        Path deploy = home.resolve("deploy");
        Path data = home.resolve("data");
        Path log = home.resolve("log");
        Path tmp = home.resolve("tmp");
        for (Path dir : new Path[] {bin, etc, deploy, data, log, tmp}) {
            Files.createDirectories(dir);
        }
        // first: the JDK reads it once, at its first temporary file
        if (Path.of(System.getProperty(TMPDIR, "/tmp")).normalize().equals(PLATFORM_TMPDIR)) {
            try {
                emptyDirectory(tmp);
            } catch (IOException e) {
                // what is left only takes room: no reason not to start
                System.err.println("provd: cannot empty " + tmp + ": " + e);
            }
            System.setProperty(TMPDIR, tmp.toString());
        }
        seedFiles(etc, bin);
        rotateLog(log);

        System.setProperty(HOME, home.toString());
        setIfAbsent("launch.storage.dir", data.resolve("framework").toString());
        setIfAbsent("felix.fileinstall.dir", etc + "," + deploy);
        setIfAbsent(LOG_FILE_PROPERTY, log.resolve(LOG_FILE).toString());
    }

    /**
     * Copies each default {@code etc/*.cfg} of the distribution that the home does not have yet, and each script of
     * its {@code bin/} whose copy in the home differs or is not executable (scripts belong to the distribution, not
     * to the operator: an upgrade brings its own).
     */
    private static void seedFiles(Path etc, Path bin) throws IOException {
        Path distribution = distributionJar();
        if (distribution == null) {
            return; // not launched from the executable jar: nothing to seed
        }
        try (JarFile jar = new JarFile(distribution.toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (entry.isDirectory()) {
                    continue;
                }
                String defaultFile = topLevelName(name, DEFAULTS_IN_JAR);
                String script = topLevelName(name, SCRIPTS_IN_JAR);
                if (defaultFile != null) {
                    Path target = etc.resolve(defaultFile);
                    if (Files.notExists(target)) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            writeAtomically(in, target, false);
                        }
                    }
                } else if (script != null) {
                    byte[] content;
                    try (InputStream in = jar.getInputStream(entry)) {
                        content = in.readAllBytes();
                    }
                    Path target = bin.resolve(script);
                    if (!Files.isRegularFile(target) || !Arrays.equals(content, Files.readAllBytes(target))
                            || !Files.isExecutable(target)) {
                        writeAtomically(new ByteArrayInputStream(content), target, true);
                    }
                }
            }
        }
    }

    /** The file name of an entry directly in {@code folder} of the jar, or null. */
    private static String topLevelName(String entry, String folder) {
        return entry.startsWith(folder) && entry.length() > folder.length()
                && entry.indexOf('/', folder.length()) < 0 ? entry.substring(folder.length()) : null;
    }

    /**
     * The logger truncates its file when it opens it, so the previous runs' logs are shifted aside first:
     * provd.log becomes provd.log.1, and so on up to {@value #KEPT_LOGS}.
     */
    private static void rotateLog(Path logDir) throws IOException {
        Path current = logDir.resolve(LOG_FILE);
        if (Files.notExists(current) || System.getProperty(LOG_FILE_PROPERTY) != null) {
            return;
        }
        Files.deleteIfExists(logDir.resolve(LOG_FILE + "." + KEPT_LOGS));
        for (int n = KEPT_LOGS - 1; n >= 1; n--) {
            Path older = logDir.resolve(LOG_FILE + "." + n);
            if (Files.exists(older)) {
                Files.move(older, logDir.resolve(LOG_FILE + "." + (n + 1)), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(current, logDir.resolve(LOG_FILE + ".1"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static Path distributionJar() {
        try {
            Path location = Path.of(Bootstrap.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(location) ? location : null;
        } catch (URISyntaxException | SecurityException e) {
            return null;
        }
    }

    /**
     * Writes to a temporary file, syncs it, then renames it into place: a crash never leaves half a file.
     *
     * @param executable whether the file is a script, mode 0755 (where the file system has POSIX modes)
     */
    private static void writeAtomically(InputStream in, Path target, boolean executable) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            if (executable) {
                try {
                    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
                } catch (UnsupportedOperationException notPosix) {
                    temp.toFile().setExecutable(true, false);
                }
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Removes what earlier runs left in {@code directory}; links in it are removed, never followed. */
    private static void emptyDirectory(Path directory) throws IOException {
        Path root = directory.toRealPath(); // itself a link to another disk, perhaps
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
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
                if (!dir.equals(root)) {
                    Files.delete(dir);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
