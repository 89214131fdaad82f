package provd.fetchfw.internal.recipe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code unsign <glob> <file>}: Cisco's signed files ({@code .cop.sgn}, {@code .sgn}) are a signature header followed
 * by the gzip stream that was signed; this writes that gzip stream to {@code file} in the output node, as
 * xivo-fetchfw's {@code CiscoUnsignFilter} does ({@code a-b: unsign $FILE1 f.tgz} then {@code b-c: untar f.tgz}). The
 * glob must match one file. The reference cuts at the first gzip magic ({@code 1f 8b}) in the first 512 bytes; this
 * also wants the deflate method and valid flags after it ({@code 08}, reserved bits clear), so that a {@code 1f 8b}
 * inside the signature does not cut the file in the wrong place. The signature is not verified.
 */
final class UnsignCommand {
    /** How far into the file the reference looks for the gzip stream. */
    private static final int HEADER_LIMIT = 512;
    private static final int GZIP_HEADER = 4;

    private UnsignCommand() {
    }

    static void run(Path input, Path output, String glob, String name) throws StepFailure, IOException {
        List<Path> signed = Glob.matchAny(input, List.of(glob));
        if (signed.size() > 1) {
            throw StepFailure.failed("unsign takes one signed file; " + glob + " matches " + signed.size());
        }
        Path source = signed.get(0);
        if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
            throw StepFailure.failed(NodePath.relative(input, source) + " is not a file");
        }
        if (name.endsWith("/")) {
            throw StepFailure.failed("unsign writes a file, and " + name + " names a directory");
        }
        Path target = NodePath.resolve(output, name);
        try (InputStream in = Files.newInputStream(source)) {
            byte[] head = in.readNBytes(HEADER_LIMIT + GZIP_HEADER - 1);
            int start = gzipStart(head);
            if (start < 0) {
                throw StepFailure.failed("no gzip stream starts in the first " + HEADER_LIMIT + " bytes of "
                        + NodePath.relative(input, source) + ": not a Cisco signed file");
            }
            Files.createDirectories(target.getParent());
            try (OutputStream out = Files.newOutputStream(target)) {
                out.write(head, start, head.length - start);
                in.transferTo(out);
            }
        }
    }

    private static int gzipStart(byte[] head) {
        for (int i = 0; i < HEADER_LIMIT - 1 && i + GZIP_HEADER <= head.length; i++) {
            if ((head[i] & 0xff) == 0x1f && (head[i + 1] & 0xff) == 0x8b && head[i + 2] == 8
                    && (head[i + 3] & 0xe0) == 0) {
                return i;
            }
        }
        return -1;
    }
}
