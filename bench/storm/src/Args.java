import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Command-line options {@code --name value} with their defaults, and flags {@code --name}, as every command takes. */
final class Args {
    private final Map<String, String> values;
    private final Set<String> flags;

    private Args(Map<String, String> values, Set<String> flags) {
        this.values = values;
        this.flags = flags;
    }

    /**
     * @param defaults the options known, in the order the error message lists them, with their default values
     * @param known    the flags known (names without their dashes)
     */
    static Args parse(String[] args, Map<String, String> defaults, List<String> known) {
        Map<String, String> values = new LinkedHashMap<>(defaults);
        Set<String> flags = new TreeSet<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.startsWith("--") ? arg.substring(2) : "";
            if (known.contains(name)) {
                flags.add(name);
            } else if (i + 1 < args.length && values.containsKey(name)) {
                values.put(name, args[++i]);
            } else {
                StringBuilder message = new StringBuilder("unknown argument " + arg + "; known: " + values.keySet());
                known.forEach(flag -> message.append(" --").append(flag));
                throw new IllegalArgumentException(message.toString());
            }
        }
        return new Args(values, flags);
    }

    String string(String name) {
        return values.get(name);
    }

    int integer(String name) {
        return Integer.parseInt(values.get(name));
    }

    double decimal(String name) {
        return Double.parseDouble(values.get(name));
    }

    Path path(String name) {
        return Path.of(values.get(name));
    }

    boolean flag(String name) {
        return flags.contains(name);
    }
}
