package provd.core.internal.params;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import provd.core.internal.DurableFiles;

/**
 * Sets one key of an {@code etc/<pid>.cfg} file, keeping its comments and other lines: the file is replaced
 * durably and atomically ({@link DurableFiles#replace}), so FileInstall never reads half a file.
 */
final class CfgFile {
    private static final Pattern KEY_LINE = Pattern.compile("^\\s*([^#!\\s=:][^\\s=:]*)\\s*[=:].*$");

    private CfgFile() {
    }

    /** Sets {@code key} to {@code value}; an empty value removes the key's line. */
    static void set(Path file, String key, String value) throws IOException {
        List<String> lines;
        try {
            lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException absent) {
            lines = new ArrayList<>();
        }
        String line = key + " = " + escape(value);
        boolean found = false;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = KEY_LINE.matcher(lines.get(i));
            if (m.matches() && m.group(1).equals(key)) {
                if (found || value.isEmpty()) {
                    lines.remove(i--);
                } else {
                    lines.set(i, line);
                }
                found = true;
            }
        }
        if (!found && !value.isEmpty()) {
            lines.add(line);
        }
        DurableFiles.createDirectories(file.getParent());
        DurableFiles.replace(file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        DurableFiles.syncDirectory(file.getParent());
    }

    /** Escapes what java.util.Properties would read otherwise: backslashes, and leading blanks. */
    private static String escape(String value) {
        String escaped = value.replace("\\", "\\\\");
        return escaped.startsWith(" ") ? "\\" + escaped : escaped;
    }
}
