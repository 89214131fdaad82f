package provd.fetchfw.internal.recipe;

import java.io.IOException;

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

    /** An I/O error as an operator reads it: its message, or its type when it has none (an EOFException). */
    static String describe(IOException e) {
        return e.getMessage() != null && !e.getMessage().isBlank() ? e.getMessage() : e.getClass().getSimpleName();
    }

    Kind kind() {
        return kind;
    }
}
