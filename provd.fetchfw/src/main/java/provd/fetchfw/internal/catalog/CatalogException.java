package provd.fetchfw.internal.catalog;

/** A package catalog that cannot be used, with the line that says why (0 when no line is to blame). */
public final class CatalogException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;

    CatalogException(int line, String message) {
        super(line > 0 ? "line " + line + ": " + message : message);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
