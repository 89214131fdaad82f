package provd.fetchfw.api;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * What to download and how to know it arrived whole.
 *
 * @param source    where to read it ({@code http:}, {@code https:} or {@code file:}); empty for a file the operator
 *                  puts into the cache by hand (its licence forbids redistribution, or its site needs a login)
 * @param cacheName the file's name in the cache: a plain file name, no directory
 * @param size      the expected size in bytes, when known
 * @param sha1      the expected SHA-1, 40 hex digits (lower case), when known
 */
public record Download(Optional<URI> source, String cacheName, OptionalLong size, Optional<String> sha1) {
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,254}");
    private static final Pattern SHA1 = Pattern.compile("[0-9a-f]{40}");

    public Download {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(size, "size");
        if (!PLAIN_NAME.matcher(cacheName).matches()) {
            throw new IllegalArgumentException("cache name '" + cacheName + "' is not a plain file name");
        }
        if (size.isPresent() && size.getAsLong() < 0) {
            throw new IllegalArgumentException("negative size " + size.getAsLong());
        }
        sha1 = sha1.map(s -> s.toLowerCase(Locale.ROOT));
        if (sha1.isPresent() && !SHA1.matcher(sha1.get()).matches()) {
            throw new IllegalArgumentException("'" + sha1.get() + "' is not a SHA-1 (40 hex digits)");
        }
    }

    /** A file from {@code source}, checked against its size and SHA-1. */
    public static Download of(URI source, String cacheName, long size, String sha1) {
        return new Download(Optional.of(source), cacheName, OptionalLong.of(size), Optional.of(sha1));
    }

    /** A file with nothing known about it in advance (an index, for instance): whatever the server sends. */
    public static Download unchecked(URI source, String cacheName) {
        return new Download(Optional.of(source), cacheName, OptionalLong.empty(), Optional.empty());
    }

    /** A file the operator puts into the cache by hand, checked against its size and SHA-1. */
    public static Download manual(String cacheName, long size, String sha1) {
        return new Download(Optional.empty(), cacheName, OptionalLong.of(size), Optional.of(sha1));
    }

    /** Whether the operator must put this file into the cache by hand. */
    public boolean isManual() {
        return source.isEmpty();
    }

    /** Whether a cached copy can be trusted without reading the source again: its size and SHA-1 are known. */
    public boolean isVerifiable() {
        return size.isPresent() && sha1.isPresent();
    }
}
