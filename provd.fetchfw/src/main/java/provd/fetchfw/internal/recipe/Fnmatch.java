package provd.fetchfw.internal.recipe;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Python's {@code fnmatch} patterns, which xivo-fetchfw matches names with: {@code *} any run of characters,
 * {@code ?} any one, {@code [seq]} and {@code [!seq]} a character in or not in seq (ranges such as {@code a-z}
 * allowed), an unclosed {@code [} itself; everything else stands for itself, case-sensitively. As in Python,
 * {@code *} matches {@code /} and a leading dot: {@link Glob} applies patterns one path segment at a time.
 */
final class Fnmatch {
    private Fnmatch() {
    }

    static boolean hasMagic(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0 || pattern.indexOf('[') >= 0;
    }

    /** The pattern as a regular expression; a range Java cannot express ({@code [z-a]}) fails the step. */
    static Pattern compile(String pattern) throws StepFailure {
        StringBuilder regex = new StringBuilder();
        int n = pattern.length();
        for (int i = 0; i < n; i++) {
            char c = pattern.charAt(i);
            if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else if (c == '[') {
                int end = closingBracket(pattern, i);
                if (end < 0) {
                    regex.append("\\[");
                } else {
                    regex.append(characterClass(pattern.substring(i + 1, end)));
                    i = end;
                }
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        try {
            return Pattern.compile(regex.toString(), Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw StepFailure.failed(pattern + " is not a valid pattern: " + e.getDescription());
        }
    }

    /** Where the class opened at {@code open} closes, -1 if it does not: a {@code ]} right after [ or [! is literal. */
    private static int closingBracket(String pattern, int open) {
        int j = open + 1;
        if (j < pattern.length() && pattern.charAt(j) == '!') {
            j++;
        }
        if (j < pattern.length() && pattern.charAt(j) == ']') {
            j++;
        }
        while (j < pattern.length() && pattern.charAt(j) != ']') {
            j++;
        }
        return j < pattern.length() ? j : -1;
    }

    private static String characterClass(String inside) {
        StringBuilder set = new StringBuilder("[");
        int start = 0;
        if (inside.startsWith("!")) {
            set.append('^');
            start = 1;
        }
        for (int i = start; i < inside.length(); i++) {
            char c = inside.charAt(i);
            // '-' keeps its range meaning; anything else that Java's class syntax knows ([ ] \ ^ & ...) is escaped
            set.append(c == '-' || Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c);
        }
        return set.append(']').toString();
    }
}
