package provd.fetchfw.internal.recipe;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.FileSystemException;

import provd.fetchfw.internal.recipe.RecipeException.Kind;

/** Why a command failed, without the step: {@link RecipeRunner} turns it into a {@link RecipeException}. */
final class StepFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final Kind kind;

    private StepFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    static StepFailure unsafe(String message) {
        return new StepFailure(Kind.UNSAFE_ARCHIVE, message, null);
    }

    static StepFailure failed(String message) {
        return new StepFailure(Kind.FAILED, message, null);
    }

    static StepFailure failed(String message, IOException cause) {
        return new StepFailure(Kind.FAILED, message + ": " + describe(cause), cause);
    }

    /**
     * An I/O error as an operator reads it: its message, after its type when the message is only a path (as for a
     * {@code NoSuchFileException}), its type alone when it has no message.
     */
    static String describe(IOException e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e instanceof EOFException ? "unexpected end of data" : e.getClass().getSimpleName();
        }
        return e instanceof FileSystemException ? e.getClass().getSimpleName() + ": " + message : message;
    }

    Kind kind() {
        return kind;
    }
}
