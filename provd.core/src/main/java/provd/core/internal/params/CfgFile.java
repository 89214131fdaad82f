package provd.core.internal.params;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import provd.core.internal.PrivateFiles;

/**
 * Sets one key of an {@code etc/<pid>.cfg} file, keeping its comments and other lines: the file is rewritten to a
 * temporary file, synced, and renamed over the original, so FileInstall never reads half a file.
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
        replace(file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Escapes what java.util.Properties would read otherwise: backslashes, and leading blanks. */
    private static String escape(String value) {
        String escaped = value.replace("\\", "\\\\");
        return escaped.startsWith(" ") ? "\\" + escaped : escaped;
    }

    private static void replace(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            try (FileChannel channel = PrivateFiles.create(temp)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                directory.force(true);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
