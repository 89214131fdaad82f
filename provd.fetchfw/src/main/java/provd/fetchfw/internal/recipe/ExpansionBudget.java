package provd.fetchfw.internal.recipe;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * What the archives of one recipe run may still expand to ({@link ArchiveLimits}). Bytes are counted as the
 * decompressors produce them, so that a bomb stops after at most the limit, whatever its headers claim.
 */
final class ExpansionBudget {
    private final ArchiveLimits limits;
    private long bytes;
    private int entries;
    /** Set when a metered stream ran over: Commons Compress may wrap the IOException that said so. */
    private StepFailure overrun;

    ExpansionBudget(ArchiveLimits limits) {
        this.limits = limits;
    }

    void countEntry(String archive) throws StepFailure {
        if (++entries > limits.maxEntries()) {
            throw StepFailure.unsafe(archive + " takes this install beyond " + limits.maxEntries()
                    + " archive entries, the configured limit");
        }
    }

    /** {@code in}, counting what is read from it against the budget. */
    InputStream meter(InputStream in, String archive) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    charge(1, archive);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    charge(n, archive);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                // skipped bytes are produced all the same
                long skipped = super.skip(n);
                charge(skipped, archive);
                return skipped;
            }
        };
    }

    /** Throws the overrun a metered stream met, if it met one (whatever became of its exception). */
    void checkOverrun() throws StepFailure {
        if (overrun != null) {
            throw overrun;
        }
    }

    private void charge(long n, String archive) throws IOException {
        bytes += n;
        if (bytes > limits.maxExpandedBytes()) {
            overrun = StepFailure.unsafe(archive + " expands beyond " + limits.maxExpandedBytes()
                    + " bytes, the configured limit for one install");
            throw new IOException(overrun.getMessage());
        }
    }
}
