package provd.tftp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceTest {
    @TempDir
    Path dir;

    /** The bytes {@code source} gives from {@code position} into a buffer of {@code room}, and what read said. */
    private static byte[] read(Source source, long position, int room, int[] said) throws IOException {
        ByteBuffer destination = ByteBuffer.allocate(room + 4);
        destination.position(4); // after a DATA header, as a transfer reads
        said[0] = source.read(destination, position);
        destination.flip().position(4);
        byte[] got = new byte[destination.remaining()];
        destination.get(got);
        return got;
    }

    @Test
    void contentInMemoryReadsAsTheFileDoes() throws IOException {
        byte[] bytes = new byte[1000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 7);
        }
        Path file = Files.write(dir.resolve("f.bin"), bytes);
        // a view of the content only, as a read-only buffer whose position is not 0
        ByteBuffer framed = ByteBuffer.allocate(1010).position(5);
        framed.put(bytes).flip().position(5);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Source disk = Source.of(channel);
            Source memory = Source.of(framed.asReadOnlyBuffer());
            assertEquals(1000, memory.size());
            assertEquals(disk.size(), memory.size());
            for (long position : new long[] {0, 1, 488, 512, 999, 1000, 5000}) {
                for (int room : new int[] {1, 512, 2000}) {
                    int[] fromDisk = new int[1];
                    int[] fromMemory = new int[1];
                    assertArrayEquals(read(disk, position, room, fromDisk), read(memory, position, room, fromMemory),
                            position + "/" + room);
                    assertEquals(fromDisk[0], fromMemory[0], position + "/" + room);
                }
            }
        }
    }
}
