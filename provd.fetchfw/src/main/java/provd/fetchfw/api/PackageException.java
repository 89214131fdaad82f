package provd.fetchfw.api;

import java.util.Objects;

/** A package operation refused or failed; the message is meant for the operator. */
public class PackageException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        /** No plugin with a catalog has that id. */
        UNKNOWN_PLUGIN,
        /** The plugin's catalog has no package with that id. */
        UNKNOWN_PACKAGE,
        /** Uninstall or upgrade of a package that is not installed. */
        NOT_INSTALLED,
        /** Install of a package already installed in the catalog's version. */
        ALREADY_INSTALLED,
        /** Uninstall of a package another installed package depends on. */
        REQUIRED,
        /** The package needs something this server cannot do (unrar). */
        UNSUPPORTED,
        /** A file of the package must be put into the cache by hand first. */
        MISSING_MANUAL_FILE,
        /** A download failed or gave a file that is not the expected one. */
        DOWNLOAD_FAILED,
        /** An archive holds entries that would escape its directory, links, device files, or too many bytes. */
        UNSAFE_ARCHIVE,
        /** A recipe step failed (a corrupt archive, a pattern matching nothing) or the file area is not writable. */
        INSTALL_FAILED
    }

    private final Reason reason;

    public PackageException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public PackageException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
