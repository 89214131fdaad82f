package provd.fetchfw.internal.catalog;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The variables of an install step's arguments, with the syntax of xivo-fetchfw's {@code util.apply_subs}:
 * {@code $NAME} (the longest run of letters, digits and {@code _}) or {@code ${NAME}}, {@code \$} for a literal
 * {@code $}. A package defines {@code FILE1}… (the file names of its files, in order) and {@code ARG1}… (the words after
 * the recipe id on its {@code install:} line); anything else is undefined.
 */
public final class Variables {
    private static final Pattern VARIABLE = Pattern.compile("(?<!\\\\)\\$(?:\\{(\\w*)}|(\\w*))");

    private Variables() {
    }

    /**
     * The names {@code text} refers to, in order.
     *
     * @throws IllegalArgumentException for a {@code $} with no name after it
     */
    public static Set<String> names(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher variable = VARIABLE.matcher(text);
        while (variable.find()) {
            names.add(name(variable, text));
        }
        return names;
    }

    /**
     * {@code text} with its variables replaced by their values.
     *
     * @throws IllegalArgumentException for a variable {@code values} does not define, or a {@code $} with no name
     */
    public static String substitute(String text, Map<String, String> values) {
        Matcher variable = VARIABLE.matcher(text);
        StringBuilder result = new StringBuilder();
        int last = 0;
        while (variable.find()) {
            String name = name(variable, text);
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("undefined variable $" + name + " in " + text);
            }
            result.append(unescape(text.substring(last, variable.start()))).append(value);
            last = variable.end();
        }
        return result.append(unescape(text.substring(last))).toString();
    }

    private static String name(Matcher variable, String text) {
        String name = variable.group(1) != null ? variable.group(1) : variable.group(2);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a $ with no variable name in " + text + " (write \\$ for a $)");
        }
        return name;
    }

    private static String unescape(String literal) {
        return literal.replace("\\$", "$");
    }
}
