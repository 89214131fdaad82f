package provd.fetchfw.internal.download;

import java.io.IOException;
import java.net.URI;

import provd.fetchfw.api.DownloadException;

/** Where a download's bytes come from. */
interface Source {
    /**
     * Whether it can continue a partial file rather than send everything again: worth it for a remote file, not
     * for a local one.
     */
    boolean resumes();

    /**
     * Sends the whole file into {@code transfer}: after the bytes already there when it can continue them, else
     * after {@linkplain Transfer#restart() restarting} it.
     *
     * @throws DownloadException when the source fails or refuses
     * @throws IOException       when the part file cannot be written
     */
    void transfer(URI uri, Transfer transfer) throws DownloadException, IOException, InterruptedException;
}
