package provd.core.api;

import java.util.Objects;

/** A document, or part of one, is not valid; names the key at fault ({@code sip_lines.1.proxy_port}). */
public class InvalidDocumentException extends ProvdException {
    private static final long serialVersionUID = 1L;

    private final String key;

    /**
     * @param key    the path of the key at fault, dot-separated ({@code raw_config.sip_lines.1.proxy_port}), or
     *               empty for the document as a whole
     * @param reason what is wrong with it
     */
    public InvalidDocumentException(String key, String reason) {
        super(key.isEmpty() ? reason : key + ": " + reason);
        this.key = Objects.requireNonNull(key, "key");
    }

    /** The path of the key at fault, or empty for the document as a whole. */
    public String key() {
        return key;
    }
}
