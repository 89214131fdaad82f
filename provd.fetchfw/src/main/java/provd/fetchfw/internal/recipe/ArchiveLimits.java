package provd.fetchfw.internal.recipe;

/**
 * How much the archives of one install may expand to. The limits hold for the whole run of a recipe, all its archives
 * together: a recipe that unpacks an archive found in an archive is bounded like one that unpacks a single archive.
 *
 * @param maxExpandedBytes the bytes the run's decompressors may produce, counted as they are read (a header's
 *                         declared size is never trusted): for a tar, its decompressed stream, headers included; for
 *                         a zip or a 7z, the contents of their entries
 * @param maxEntries       the entries (files, directories, refused ones too) the run's archives may hold
 */
public record ArchiveLimits(long maxExpandedBytes, int maxEntries) {
    public ArchiveLimits {
        if (maxExpandedBytes <= 0 || maxEntries <= 0) {
            throw new IllegalArgumentException("archive limits must be positive, not " + maxExpandedBytes
                    + " bytes and " + maxEntries + " entries");
        }
    }
}
