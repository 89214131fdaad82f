package provd.fetchfw.internal.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import provd.fetchfw.internal.catalog.Catalog;
import provd.fetchfw.internal.catalog.Catalog.Command;
import provd.fetchfw.internal.catalog.Catalog.Step;
import provd.fetchfw.internal.catalog.CatalogParser;

/**
 * A test's directories: {@code cache/} holds the "downloaded" files, {@code work/scratch/} is the run's scratch
 * directory. After a run, nothing but {@code cache/} and {@code work/scratch/} may exist, and the cache must be as it
 * was.
 */
final class Workspace {
    static final ArchiveLimits LIMITS = new ArchiveLimits(64L << 20, 1000);

    final Path root;
    final Path cache;
    final Path work;
    final Path scratch;
    private Map<String, String> cacheBefore;

    Workspace(Path root) throws IOException {
        this.root = root;
        this.cache = Files.createDirectory(root.resolve("cache"));
        this.work = Files.createDirectory(root.resolve("work"));
        this.scratch = work.resolve("scratch");
    }

    Path cached(String name, String content) throws IOException {
        return Files.writeString(cache.resolve(name), content);
    }

    Path cached(String name, byte[] content) throws IOException {
        return Files.write(cache.resolve(name), content);
    }

    Path run(Catalog.Recipe recipe, Path... files) throws Exception {
        return run(LIMITS, recipe, List.of(), files);
    }

    Path run(ArchiveLimits limits, Catalog.Recipe recipe, List<String> arguments, Path... files) throws Exception {
        cacheBefore = tree(cache);
        Path result = new RecipeRunner(limits).run(recipe, arguments, List.of(files), scratch, StepListener.NONE);
        assertEquals(cacheBefore, tree(cache), "the download cache changed");
        assertEquals(List.of(scratch), list(work), "something was written beside the scratch directory");
        assertEquals(List.of(result), list(scratch), "the intermediate nodes are left");
        return result;
    }

    RecipeException fails(Catalog.Recipe recipe, Path... files) throws IOException {
        return fails(LIMITS, recipe, files);
    }

    RecipeException fails(ArchiveLimits limits, Catalog.Recipe recipe, Path... files) throws IOException {
        cacheBefore = tree(cache);
        RecipeException e = assertThrows(RecipeException.class,
                () -> new RecipeRunner(limits).run(recipe, List.of(files), scratch, StepListener.NONE));
        assertNothingLeft();
        return e;
    }

    /** The scratch directory is empty, nothing else was written, the cache is as it was. */
    void assertNothingLeft() throws IOException {
        if (Files.exists(scratch)) {
            assertEquals(List.of(), list(scratch), "the failed run left files in its scratch directory");
            assertEquals(List.of(scratch), list(work), "something was written beside the scratch directory");
        } else {
            assertEquals(List.of(), list(work), "something was written beside the scratch directory");
        }
        assertEquals(List.of(cache, work), list(root), "something was written outside the scratch directory");
        if (cacheBefore != null) {
            assertEquals(cacheBefore, tree(cache), "the download cache changed");
        }
    }

    /** A recipe as the catalog writes it, one step a line: {@code "a-b: untar $FILE1"}. */
    static Catalog.Recipe recipe(String... steps) {
        List<Step> list = new ArrayList<>();
        for (String step : steps) {
            int colon = step.indexOf(':');
            String[] nodes = step.substring(0, colon).split("-");
            List<String> words = List.of(step.substring(colon + 1).trim().split("\\s+"));
            Command command = Arrays.stream(Command.values()).filter(c -> c.word().equals(words.get(0))).findFirst()
                    .orElseThrow();
            list.add(new Step(nodes[0], nodes[1], command, words.subList(1, words.size())));
        }
        return new Catalog.Recipe("test", list);
    }

    static Catalog catalog(String resource) throws Exception {
        try (Reader in = new InputStreamReader(Workspace.class.getResourceAsStream("/catalogs/" + resource),
                StandardCharsets.UTF_8)) {
            return CatalogParser.parse(in);
        }
    }

    /**
     * A tree's files and directories by relative path: a directory as {@code "dir/" → ""}, a file by its content
     * when it is text, else by its size and SHA-1.
     */
    static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> tree = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            paths.filter(p -> !p.equals(root)).forEach(p -> {
                String name = root.relativize(p).toString();
                try {
                    if (Files.isDirectory(p)) {
                        tree.put(name + "/", "");
                    } else {
                        tree.put(name, describe(Files.readAllBytes(p)));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return tree;
    }

    /** Only the files of {@link #tree}, without the directories. */
    static Map<String, String> files(Path root) throws IOException {
        Map<String, String> files = tree(root);
        files.keySet().removeIf(name -> name.endsWith("/"));
        return files;
    }

    private static String describe(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        if (content.length <= 200 && text.chars().allMatch(c -> c >= ' ' && c < 0x7f || c == '\n')) {
            return text;
        }
        try {
            return content.length + " bytes, sha1 " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> list(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.sorted().toList();
        }
    }
}
