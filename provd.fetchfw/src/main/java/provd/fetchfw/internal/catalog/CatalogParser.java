package provd.fetchfw.internal.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import provd.fetchfw.internal.catalog.Catalog.Command;
import provd.fetchfw.internal.catalog.Catalog.FileSource;
import provd.fetchfw.internal.catalog.Catalog.FirmwarePackage;
import provd.fetchfw.internal.catalog.Catalog.Recipe;
import provd.fetchfw.internal.catalog.Catalog.Step;

/**
 * Reads wazo-provd's {@code pkgs.db}: an INI file (Python ConfigParser syntax: {@code [section]}, {@code key: value}
 * or {@code key = value}, {@code #} and {@code ;} comment lines, indented continuation lines) with {@code pkg_},
 * {@code install_} and {@code file_} sections. Everything is checked when the catalog loads, so that no install fails
 * half-way on something the catalog already said: unknown commands, a command with the wrong number of arguments,
 * missing references, a variable a package does not define ({@code $FILEn} beyond its files, {@code $ARGn} beyond the
 * arguments of its {@code install:} line), an argument that leaves its node ({@code ..} or absolute), a recipe without
 * exactly one result or with a step reading a node no earlier step computed. Errors name the line.
 */
public final class CatalogParser {
    private static final Pattern SECTION = Pattern.compile("\\[([^\\]]+)]\\s*");
    private static final Pattern ENTRY = Pattern.compile("([^:=\\s][^:=]*?)\\s*[:=]\\s?(.*)");
    private static final Pattern STEP_KEY = Pattern.compile("([A-Za-z0-9_]+)-([A-Za-z0-9_]+)");
    private static final Pattern NUMBERED = Pattern.compile("(FILE|ARG)(\\d+)");
    /** The node holding the package's downloaded files, the one node no step computes. */
    private static final String SOURCE = "a";
    private static final Pattern SHA1 = Pattern.compile("[0-9a-fA-F]{40}");

    private CatalogParser() {
    }

    /** A section as read: its entries in order, and the line of each. */
    private record Section(String name, int line, Map<String, String> values, Map<String, Integer> lines) {
        String require(String key) throws CatalogException {
            String value = values.get(key);
            if (value == null || value.isBlank()) {
                throw new CatalogException(line, "[" + name + "] has no " + key);
            }
            return value.trim();
        }

        Optional<String> optional(String key) {
            return Optional.ofNullable(values.get(key)).map(String::trim).filter(v -> !v.isEmpty());
        }

        int lineOf(String key) {
            return lines.getOrDefault(key, line);
        }
    }

    public static Catalog parse(Reader source) throws IOException, CatalogException {
        List<Section> sections = read(source);
        Map<String, FirmwarePackage> packages = new LinkedHashMap<>();
        Map<String, Recipe> recipes = new LinkedHashMap<>();
        Map<String, FileSource> files = new LinkedHashMap<>();
        Map<String, Integer> packageLines = new LinkedHashMap<>();
        for (Section section : sections) {
            String name = section.name();
            if (name.startsWith("pkg_")) {
                FirmwarePackage p = pkg(section, name.substring(4));
                packages.put(p.id(), p);
                packageLines.put(p.id(), section.line());
            } else if (name.startsWith("install_")) {
                Recipe r = recipe(section, name.substring(8));
                recipes.put(r.id(), r);
            } else if (name.startsWith("file_")) {
                FileSource f = file(section, name.substring(5));
                files.put(f.id(), f);
            } else {
                throw new CatalogException(section.line(), "unknown section [" + name
                        + "]: sections are [pkg_<id>], [install_<id>] and [file_<id>]");
            }
        }
        for (FirmwarePackage p : packages.values()) {
            int line = packageLines.get(p.id());
            for (String file : p.files()) {
                if (!files.containsKey(file)) {
                    throw new CatalogException(line, "package " + p.id() + " names file " + file
                            + ", which has no [file_" + file + "]");
                }
            }
            for (String dependency : p.depends()) {
                if (!packages.containsKey(dependency)) {
                    throw new CatalogException(line, "package " + p.id() + " depends on " + dependency
                            + ", which has no [pkg_" + dependency + "]");
                }
            }
            if (!p.install().isEmpty()) {
                Recipe recipe = recipes.get(p.install());
                if (recipe == null) {
                    throw new CatalogException(line, "package " + p.id() + " is installed by " + p.install()
                            + ", which has no [install_" + p.install() + "]");
                }
                checkVariables(p, recipe, files, line);
            }
        }
        return new Catalog(packages, recipes, files);
    }

    private static List<Section> read(Reader source) throws IOException, CatalogException {
        List<Section> sections = new ArrayList<>();
        Section current = null;
        String lastKey = null;
        BufferedReader reader = new BufferedReader(source);
        int number = 0;
        for (String line; (line = reader.readLine()) != null; ) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(";")) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0)) && current != null && lastKey != null) {
                // a continuation of the previous value
                current.values().merge(lastKey, "\n" + trimmed, String::concat);
                continue;
            }
            Matcher section = SECTION.matcher(trimmed);
            if (section.matches()) {
                String name = section.group(1).trim();
                for (Section s : sections) {
                    if (s.name().equals(name)) {
                        throw new CatalogException(number, "section [" + name + "] again (first at line "
                                + s.line() + ")");
                    }
                }
                current = new Section(name, number, new LinkedHashMap<>(), new LinkedHashMap<>());
                sections.add(current);
                lastKey = null;
                continue;
            }
            Matcher entry = ENTRY.matcher(trimmed);
            if (!entry.matches()) {
                throw new CatalogException(number, "neither a [section] nor a key: value line");
            }
            if (current == null) {
                throw new CatalogException(number, "a key before any [section]");
            }
            String key = entry.group(1).trim();
            if (current.values().containsKey(key)) {
                throw new CatalogException(number, "key " + key + " again in [" + current.name() + "]");
            }
            current.values().put(key, entry.group(2));
            current.lines().put(key, number);
            lastKey = key;
        }
        return sections;
    }

    private static FirmwarePackage pkg(Section section, String id) throws CatalogException {
        Map<String, String> descriptions = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : section.values().entrySet()) {
            String key = entry.getKey();
            if (key.equals("description")) {
                descriptions.put("", entry.getValue().trim());
            } else if (key.startsWith("description_")) {
                descriptions.put(key.substring("description_".length()), entry.getValue().trim());
            } else if (!Set.of("version", "files", "install", "depends").contains(key)) {
                throw new CatalogException(section.lineOf(key), "unknown key " + key + " in [" + section.name()
                        + "]");
            }
        }
        List<String> files = words(section.optional("files").orElse(""));
        // install: <recipe> <arguments...>, the arguments being the recipe's $ARG1...
        List<String> install = words(section.optional("install").orElse(""));
        if (!files.isEmpty() && install.isEmpty()) {
            throw new CatalogException(section.line(), "package " + id + " has files but no install");
        }
        return new FirmwarePackage(id, section.require("version"), descriptions, files,
                install.isEmpty() ? "" : install.get(0), words(section.optional("depends").orElse("")),
                install.isEmpty() ? List.of() : install.subList(1, install.size()));
    }

    private static Recipe recipe(Section section, String id) throws CatalogException {
        List<Step> steps = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        for (Map.Entry<String, String> entry : section.values().entrySet()) {
            int line = section.lineOf(entry.getKey());
            Matcher key = STEP_KEY.matcher(entry.getKey());
            if (!key.matches()) {
                throw new CatalogException(line, "step " + entry.getKey() + " of [" + section.name()
                        + "] is not <from>-<to>");
            }
            List<String> words = words(entry.getValue());
            if (words.isEmpty()) {
                throw new CatalogException(line, "step " + entry.getKey() + " has no command");
            }
            Command command = Command.of(words.get(0)).orElseThrow(() -> new CatalogException(line,
                    "unknown command " + words.get(0) + " in step " + entry.getKey() + " of [" + section.name()
                            + "]"));
            List<String> arguments = words.subList(1, words.size());
            checkArgumentCount(command, arguments.size(), entry.getKey(), line);
            steps.add(new Step(key.group(1), key.group(2), command, arguments));
            lines.add(line);
        }
        if (steps.isEmpty()) {
            throw new CatalogException(section.line(), "[" + section.name() + "] has no step");
        }
        checkGraph(section, steps);
        checkOrder(section, steps, lines);
        return new Recipe(id, steps);
    }

    /** The arguments xivo-fetchfw's filter builder accepts for each command. */
    private static void checkArgumentCount(Command command, int count, String step, int line)
            throws CatalogException {
        String expected = switch (command) {
            case NULL -> count == 0 ? null : "no argument";
            case CP -> count >= 2 ? null : "a source and a destination";
            case INCLUDE, EXCLUDE -> count >= 1 ? null : "at least one glob";
            case UNSIGN -> count == 2 ? null : "the signed file and the name of the file to write";
            case UNTAR, UNZIP, SEVEN_Z, UNRAR -> count == 1 ? null : "exactly one archive (a glob)";
        };
        if (expected != null) {
            throw new CatalogException(line, command.word() + " takes " + expected + " in step " + step + ", not "
                    + count + " argument(s)");
        }
    }

    /**
     * Steps run in the catalog's order: each reads node {@code a} (the downloaded files) or a node an earlier step
     * computed, and none computes {@code a}.
     */
    private static void checkOrder(Section section, List<Step> steps, List<Integer> lines) throws CatalogException {
        Set<String> available = new HashSet<>(Set.of(SOURCE));
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            String key = step.from() + "-" + step.to();
            if (step.to().equals(SOURCE)) {
                throw new CatalogException(lines.get(i), "step " + key + " of [" + section.name() + "] computes node "
                        + SOURCE + ", which holds the downloaded files");
            }
            if (!available.contains(step.from())) {
                throw new CatalogException(lines.get(i), "step " + key + " of [" + section.name() + "] reads node "
                        + step.from() + ", which is neither " + SOURCE + " (the downloaded files) nor computed by an "
                        + "earlier step");
            }
            available.add(step.to());
        }
    }

    /** Exactly one node nothing is computed from (the result), and no step computing a node twice or in a cycle. */
    private static void checkGraph(Section section, List<Step> steps) throws CatalogException {
        Set<String> sources = new HashSet<>();
        Set<String> computed = new HashSet<>();
        for (Step step : steps) {
            sources.add(step.from());
            if (!computed.add(step.to())) {
                throw new CatalogException(section.line(), "[" + section.name() + "] computes node " + step.to()
                        + " twice");
            }
        }
        Set<String> results = new HashSet<>(computed);
        results.removeAll(sources);
        if (results.size() != 1) {
            throw new CatalogException(section.line(), "[" + section.name() + "] must have one result node, "
                    + "not " + (results.isEmpty() ? "none (a cycle)" : results.size() + ": " + results));
        }
        // every computed node must trace back to a node that is not computed (the downloaded files)
        for (Step step : steps) {
            Set<String> seen = new HashSet<>();
            String node = step.from();
            while (computed.contains(node)) {
                if (!seen.add(node)) {
                    throw new CatalogException(section.line(), "[" + section.name() + "] has a cycle through "
                            + node);
                }
                String current = node;
                node = steps.stream().filter(s -> s.to().equals(current)).findFirst().orElseThrow().from();
            }
        }
    }

    /**
     * Every variable of the recipe is defined for the package, and every argument, once substituted, stays inside its
     * node (the runner checks again; here the catalog's author learns it when the catalog loads).
     */
    private static void checkVariables(FirmwarePackage p, Recipe recipe, Map<String, FileSource> files, int line)
            throws CatalogException {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < p.files().size(); i++) {
            values.put("FILE" + (i + 1), files.get(p.files().get(i)).filename());
        }
        for (int i = 0; i < p.installArguments().size(); i++) {
            values.put("ARG" + (i + 1), p.installArguments().get(i));
        }
        for (Step step : recipe.steps()) {
            for (String argument : step.arguments()) {
                String substituted;
                try {
                    for (String name : Variables.names(argument)) {
                        if (!values.containsKey(name)) {
                            throw new CatalogException(line, undefined(p, recipe, name));
                        }
                    }
                    substituted = Variables.substitute(argument, values);
                } catch (IllegalArgumentException e) {
                    throw new CatalogException(line, "recipe " + recipe.id() + ": " + e.getMessage());
                }
                if (substituted.startsWith("/") || List.of(substituted.split("/")).contains("..")) {
                    throw new CatalogException(line, "package " + p.id() + ": " + argument + " in step "
                            + step.from() + "-" + step.to() + " of recipe " + recipe.id() + " is " + substituted
                            + ", which leaves its node (absolute or with ..)");
                }
            }
        }
    }

    private static String undefined(FirmwarePackage p, Recipe recipe, String name) {
        Matcher numbered = NUMBERED.matcher(name);
        if (numbered.matches() && numbered.group(1).equals("FILE")) {
            return "package " + p.id() + " has " + p.files().size() + " file(s) but its recipe " + recipe.id()
                    + " uses $" + name;
        }
        if (numbered.matches()) {
            return "package " + p.id() + " gives its recipe " + recipe.id() + " " + p.installArguments().size()
                    + " argument(s) on its install line but the recipe uses $" + name;
        }
        return "recipe " + recipe.id() + " of package " + p.id() + " uses $" + name
                + ", which is not defined (a recipe has $FILE1... and $ARG1...)";
    }

    private static FileSource file(Section section, String id) throws CatalogException {
        for (String key : section.values().keySet()) {
            if (!Set.of("url", "filename", "size", "sha1sum", "downloader").contains(key)) {
                throw new CatalogException(section.lineOf(key), "unknown key " + key + " in [" + section.name()
                        + "]");
            }
        }
        Optional<String> url = section.optional("url");
        Optional<String> filename = section.optional("filename")
                .or(() -> url.map(u -> u.substring(u.lastIndexOf('/') + 1)).filter(n -> !n.isEmpty()));
        if (filename.isEmpty()) {
            throw new CatalogException(section.line(), "[" + section.name() + "] has neither a url nor a filename");
        }
        if (filename.get().contains("/") || filename.get().contains("\\") || filename.get().startsWith(".")) {
            throw new CatalogException(section.lineOf("filename"), "file name " + filename.get()
                    + " of [" + section.name() + "] is not a plain file name");
        }
        long size;
        try {
            size = Long.parseLong(section.require("size"));
        } catch (NumberFormatException e) {
            throw new CatalogException(section.lineOf("size"), "size of [" + section.name() + "] is not a number");
        }
        if (size < 0) {
            throw new CatalogException(section.lineOf("size"), "size of [" + section.name() + "] is negative");
        }
        String sha1 = section.require("sha1sum");
        if (!SHA1.matcher(sha1).matches()) {
            throw new CatalogException(section.lineOf("sha1sum"), "sha1sum of [" + section.name()
                    + "] is not 40 hexadecimal digits");
        }
        return new FileSource(id, url, filename.get(), size, sha1.toLowerCase(Locale.ROOT),
                section.optional("downloader"));
    }

    private static List<String> words(String value) {
        String trimmed = value.trim();
        return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\s+"));
    }
}
