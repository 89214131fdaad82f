package provd.core.internal;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * New document ids: random version-4 UUIDs as 32 hex characters, as wazo-provd makes them ({@code uuid4().hex}).
 * Each thread has its own generator: {@link java.util.UUID#randomUUID()} draws from one generator behind one lock,
 * on which the thousands of new devices a second of a boot storm queue.
 */
final class DocumentIds {
    private final ThreadLocal<SecureRandom> generators = ThreadLocal.withInitial(DocumentIds::newGenerator);

    String next() {
        byte[] bytes = new byte[16];
        generators.get().nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40); // version 4
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80); // IETF variant
        return HexFormat.of().formatHex(bytes);
    }

    private static SecureRandom newGenerator() {
        try {
            // seeded once from the system's entropy, then independent of the other threads' (NativePRNG is not)
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no DRBG SecureRandom in this JVM", e);
        }
    }
}
