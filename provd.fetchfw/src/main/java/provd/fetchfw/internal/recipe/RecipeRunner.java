package provd.fetchfw.internal.recipe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import provd.fetchfw.internal.catalog.Catalog;
import provd.fetchfw.internal.catalog.Catalog.Step;
import provd.fetchfw.internal.catalog.Variables;
import provd.fetchfw.internal.recipe.RecipeException.Kind;

/**
 * Runs a catalog's install recipe in a scratch directory, with the semantics of xivo-fetchfw (the Python package
 * manager that reads pkgs.db for wazo-provd; {@code xivo_fetchfw/install.py} and {@code storage.py}), in Java.
 * <p>
 * Each step {@code b-c: command arguments} computes node {@code c}, a directory of the scratch directory, from node
 * {@code b}; node {@code a} holds the package's downloaded files under their file names, and the one node no step
 * reads is the result. Steps run in the catalog's order. In arguments, {@code $FILEn} is the n-th file's name and
 * {@code $ARGn} the n-th word after the recipe id on the package's {@code install:} line ({@link Variables}). The
 * commands, each documented in its class:
 * <ul>
 * <li>{@code untar}, {@code unzip}, {@code 7z} {@code <glob>}: every archive the glob matches in the input node,
 * extracted into the output node ({@link ArchiveExtractor}; {@code 7z} flattens, as {@code 7zr e} did);</li>
 * <li>{@code cp <glob>... <destination>} ({@link CopyCommand}), {@code include}/{@code exclude <pattern>...}
 * ({@link SelectCommand}), {@code unsign <glob> <file>} ({@link UnsignCommand});</li>
 * <li>{@code null}: an empty output node;</li>
 * <li>{@code unrar}: not supported, no maintained Java library reads RAR; a recipe using it is refused before its
 * first step runs.</li>
 * </ul>
 * Globs ({@link Glob}) fail when they match nothing, as in the reference. Nothing is ever written outside the scratch
 * directory: every path is checked to stay in its node, archives are refused whole when an entry could escape or when
 * they expand beyond the {@link ArchiveLimits} (for the whole run). When a step fails, the scratch directory is
 * emptied. A node is deleted as soon as no later step reads it, since firmware archives run to gigabytes.
 * <p>
 * A runner holds no state between runs; one run belongs to one thread.
 */
public final class RecipeRunner {
    private static final String SOURCE = "a";

    private final ArchiveLimits limits;

    public RecipeRunner(ArchiveLimits limits) {
        this.limits = limits;
    }

    /**
     * Runs a recipe whose package gives it no {@code $ARGn}: see {@link #run(Catalog.Recipe, List, List, Path,
     * StepListener)}.
     */
    public Path run(Catalog.Recipe recipe, List<Path> files, Path scratch, StepListener listener)
            throws RecipeException, InterruptedException {
        return run(recipe, List.of(), files, scratch, listener);
    }

    /**
     * @param recipe    the package's recipe (from {@link Catalog}, which checked its graph and arguments)
     * @param arguments the package's {@link Catalog.FirmwarePackage#installArguments()}: {@code $ARG1} is the first
     * @param files     the package's downloaded files in order ({@code $FILE1} is the first), named in node {@code a}
     *                  by their file names; they are hard-linked or copied there, never modified
     * @param scratch   an empty directory owned by this run (made if missing); every node is a directory under it
     * @param listener  told as each step starts
     * @return the result node's directory (inside {@code scratch}): the files to install, as relative paths under it
     * @throws RecipeException when a step fails or an archive is unsafe; nothing outside {@code scratch} was written,
     *                         and {@code scratch} is empty again
     * @throws InterruptedException when the thread was interrupted; {@code scratch} is empty again
     * @throws IllegalArgumentException when {@code scratch} holds anything: it is left as it is
     */
    public Path run(Catalog.Recipe recipe, List<String> arguments, List<Path> files, Path scratch,
            StepListener listener) throws RecipeException, InterruptedException {
        List<Step> steps = recipe.steps();
        for (Step step : steps) {
            if (!step.command().isSupported()) {
                throw new RecipeException(Kind.UNSUPPORTED, "step \"" + describe(step) + "\": "
                        + step.command().word() + " is not supported: no maintained Java library reads RAR archives",
                        null);
            }
        }
        Path root = prepare(scratch);
        try {
            return execute(recipe, variables(files, arguments), files, root, listener);
        } catch (RecipeException | InterruptedException | RuntimeException e) {
            empty(root, e);
            throw e;
        }
    }

    private Path execute(Catalog.Recipe recipe, Map<String, String> variables, List<Path> files, Path scratch,
            StepListener listener) throws RecipeException, InterruptedException {
        List<Step> steps = recipe.steps();
        Map<String, Integer> lastRead = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            lastRead.put(steps.get(i).from(), i);
        }
        Map<String, Path> nodes = new HashMap<>();
        nodes.put(SOURCE, source(files, scratch));
        ArchiveExtractor archives = new ArchiveExtractor(new ExpansionBudget(limits));
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            listener.step(step, i + 1, steps.size());
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            Path input = nodes.get(step.from());
            if (input == null || nodes.containsKey(step.to())) {
                throw failed(step, "node " + step.from() + " is not computed yet or node " + step.to()
                        + " already is: the catalog's parser refuses such a recipe", null);
            }
            Path output = node(scratch, step.to());
            try {
                Files.createDirectory(output);
                apply(step, substitute(step, variables), input, output, archives);
                if (lastRead.get(step.from()) == i) {
                    Trees.delete(input);
                }
            } catch (StepFailure e) {
                throw new RecipeException(e.kind(), "step \"" + describe(step) + "\": " + e.getMessage(), e.getCause());
            } catch (IOException e) {
                throw failed(step, StepFailure.describe(e), e);
            }
            nodes.put(step.to(), output);
        }
        Set<String> results = new HashSet<>(nodes.keySet());
        results.removeAll(lastRead.keySet());
        if (results.size() != 1) {
            throw new RecipeException(Kind.FAILED, "recipe " + recipe.id() + " has " + results.size()
                    + " result nodes, not one", null);
        }
        return nodes.get(results.iterator().next());
    }

    private static void apply(Step step, List<String> arguments, Path input, Path output, ArchiveExtractor archives)
            throws StepFailure, IOException, InterruptedException {
        switch (step.command()) {
            case UNTAR -> {
                for (Path archive : Glob.matchAny(input, arguments)) {
                    archives.untar(archive, output);
                }
            }
            case UNZIP -> {
                for (Path archive : Glob.matchAny(input, arguments)) {
                    archives.unzip(archive, output);
                }
            }
            case SEVEN_Z -> {
                for (Path archive : Glob.matchAny(input, arguments)) {
                    archives.un7z(archive, output);
                }
            }
            case CP -> CopyCommand.run(input, output, arguments);
            case INCLUDE -> SelectCommand.include(input, output, arguments);
            case EXCLUDE -> SelectCommand.exclude(input, output, arguments);
            case UNSIGN -> UnsignCommand.run(input, output, arguments.get(0), arguments.get(1));
            case NULL -> {
                // the reference's NullFilter: an empty node
            }
            case UNRAR -> throw new IllegalStateException("unrar was refused before the first step");
        }
    }

    /** Node {@code a}: the downloaded files, hard-linked when the file system allows it, else copied. */
    private static Path source(List<Path> files, Path scratch) throws RecipeException {
        Path source = node(scratch, SOURCE);
        try {
            Files.createDirectory(source);
            for (Path file : files) {
                Path original = file.toRealPath();
                if (!Files.isRegularFile(original, LinkOption.NOFOLLOW_LINKS)) {
                    throw new RecipeException(Kind.FAILED, "downloaded file " + file + " is not a regular file", null);
                }
                Path link = source.resolve(file.getFileName().toString());
                if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                    throw new RecipeException(Kind.FAILED, "two of the package's files are named "
                            + file.getFileName(), null);
                }
                try {
                    Files.createLink(link, original);
                } catch (IOException | UnsupportedOperationException e) {
                    // another file system, or links refused (fs.protected_hardlinks): a copy does as well
                    Files.copy(original, link);
                }
            }
        } catch (IOException e) {
            throw new RecipeException(Kind.FAILED, "cannot place the package's files in node " + SOURCE + ": "
                    + StepFailure.describe(e), e);
        }
        return source;
    }

    private static Map<String, String> variables(List<Path> files, List<String> arguments) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            variables.put("FILE" + (i + 1), files.get(i).getFileName().toString());
        }
        for (int i = 0; i < arguments.size(); i++) {
            variables.put("ARG" + (i + 1), arguments.get(i));
        }
        return variables;
    }

    private static List<String> substitute(Step step, Map<String, String> variables) throws StepFailure {
        List<String> substituted = new ArrayList<>();
        for (String argument : step.arguments()) {
            try {
                substituted.add(Variables.substitute(argument, variables));
            } catch (IllegalArgumentException e) {
                throw StepFailure.failed(e.getMessage());
            }
        }
        return substituted;
    }

    private static Path node(Path scratch, String name) {
        Path node = scratch.resolve(name);
        if (!scratch.equals(node.getParent())) {
            // node names are words (the parser's step keys); anything else is a bug worth stopping on
            throw new IllegalArgumentException("node name " + name + " is not a plain name");
        }
        return node;
    }

    private static Path prepare(Path scratch) throws RecipeException {
        Path root = scratch.toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
                if (entries.iterator().hasNext()) {
                    throw new IllegalArgumentException("scratch directory " + root + " is not empty");
                }
            }
        } catch (IOException e) {
            throw new RecipeException(Kind.FAILED, "cannot use scratch directory " + root + ": "
                    + StepFailure.describe(e), e);
        }
        return root;
    }

    /** Deletes what the run left in its scratch directory, reporting a failure to do so on the run's own error. */
    private static void empty(Path scratch, Throwable failure) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(scratch)) {
            for (Path entry : entries) {
                Trees.delete(entry);
            }
        } catch (IOException | UncheckedIOException e) {
            failure.addSuppressed(e);
        }
    }

    private static RecipeException failed(Step step, String message, Throwable cause) {
        return new RecipeException(Kind.FAILED, "step \"" + describe(step) + "\": " + message, cause);
    }

    /** The step as the catalog writes it: {@code b-c: cp *.ld VVXLocalization ./}. */
    static String describe(Step step) {
        StringBuilder text = new StringBuilder(step.from()).append('-').append(step.to()).append(": ")
                .append(step.command().word());
        step.arguments().forEach(argument -> text.append(' ').append(argument));
        return text.toString();
    }
}
