package provd.fetchfw.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told how an install goes: which stage it is in (each download, then each recipe step, then the copy into the file
 * area), and the bytes of the download under way.
 */
@ConsumerType
public interface PackageProgress extends DownloadProgress {
    /**
     * A stage begins.
     *
     * @param label  what it does, e.g. {@code download firmware_2_8_1_package.tar.gz} or {@code untar $FILE1}
     * @param number its number, from 1
     * @param count  the number of stages of the install
     */
    void stage(String label, int number, int count);

    /** A listener that ignores everything. */
    PackageProgress NONE = new PackageProgress() {
        @Override
        public void stage(String label, int number, int count) {
        }

        @Override
        public void progress(long done, long total) {
        }
    };
}
