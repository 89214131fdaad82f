package provd.fetchfw.internal.recipe;

/**
 * A recipe that could not run to its end. The message names the step as the catalog writes it
 * (<code>step "b-c: cp *&#47;*.eff Digium/firmware/": nothing in node b matches *&#47;*.eff</code>); whatever the kind,
 * nothing was written outside the run's scratch directory and the scratch directory was emptied.
 */
public final class RecipeException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the recipe stopped. */
    public enum Kind {
        /** An archive held what could escape its node (a path with {@code ..}, a link, a device) or too much. */
        UNSAFE_ARCHIVE,
        /** The recipe uses a command this server cannot run ({@code unrar}); no step ran. */
        UNSUPPORTED,
        /** A step failed: a glob matching nothing, a corrupt archive, a full disk... */
        FAILED
    }

    private final Kind kind;

    public RecipeException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
