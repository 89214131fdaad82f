package provd.fetchfw.internal.catalog;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A plugin's firmware packages, as wazo-provd's {@code pkgs.db} describes them: packages, the files they are made
 * of, and the recipes that install them. Parsed by {@link CatalogParser}, which checks every reference.
 */
public record Catalog(Map<String, FirmwarePackage> packages, Map<String, Recipe> recipes,
        Map<String, FileSource> files) {

    public Catalog {
        packages = Map.copyOf(packages);
        recipes = Map.copyOf(recipes);
        files = Map.copyOf(files);
    }

    /**
     * A package.
     *
     * @param descriptions the description by language: {@code ""} for {@code description}, {@code fr} for
     *                     {@code description_fr}
     * @param files        the ids of its files, in order ({@code $FILE1} is the first)
     * @param install      the id of the recipe that installs it, empty when it has none
     * @param depends      the ids of the packages it needs
     * @param installArguments the words after the recipe id on its {@code install:} line: {@code $ARG1}… of the
     *                     recipe (as in {@code install: technicolor-fw TB30S*.zz})
     */
    public record FirmwarePackage(String id, String version, Map<String, String> descriptions, List<String> files,
            String install, List<String> depends, List<String> installArguments) {
        public FirmwarePackage {
            descriptions = Map.copyOf(descriptions);
            files = List.copyOf(files);
            depends = List.copyOf(depends);
            installArguments = List.copyOf(installArguments);
        }

        /** The description in {@code language}, else the default one. */
        public String description(String language) {
            return descriptions.getOrDefault(language, descriptions.getOrDefault("", ""));
        }
    }

    /** An install recipe: steps computing node {@code to} from node {@code from}, in the catalog's order. */
    public record Recipe(String id, List<Step> steps) {
        public Recipe {
            steps = List.copyOf(steps);
        }
    }

    /** {@code from-to: command arguments...}. */
    public record Step(String from, String to, Command command, List<String> arguments) {
        public Step {
            arguments = List.copyOf(arguments);
        }
    }

    /** The commands of the pkgs.db grammar. */
    public enum Command {
        UNTAR, UNZIP, SEVEN_Z("7z"), CP, INCLUDE, EXCLUDE, NULL, UNSIGN,
        /** No maintained Java library reads RAR: a package using it cannot be installed, and says so. */
        UNRAR;

        private final String word;

        Command() {
            this.word = name().toLowerCase(Locale.ROOT);
        }

        Command(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        public boolean isSupported() {
            return this != UNRAR;
        }

        static Optional<Command> of(String word) {
            for (Command command : values()) {
                if (command.word.equals(word)) {
                    return Optional.of(command);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * A file packages are made of.
     *
     * @param url      where to download it; empty when the operator drops it into the cache by hand (its terms
     *                 forbid redistribution, or its site needs a login)
     * @param filename the name of the file in the cache, by default the last segment of the URL
     */
    public record FileSource(String id, Optional<String> url, String filename, long size, String sha1,
            Optional<String> downloader) {
        public boolean isManual() {
            return url.isEmpty();
        }
    }
}
