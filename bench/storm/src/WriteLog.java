import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What REST writers were told they wrote. Per document: the value of its last acknowledged write, and the value of
 * a write sent after it and never answered (the server was killed under it), which may or may not have happened.
 * Each document has one writer at a time, so there is at most one such write per document.
 */
final class WriteLog {
    /** A document of provd's store: {@code configs} or {@code devices}, and its id. */
    record Doc(String collection, String id) {
    }

    /** The value of a document that does not exist (never created, or deleted). */
    static final String ABSENT = "(absent)";

    private final Map<Doc, String> acknowledged = new ConcurrentHashMap<>();
    private final Map<Doc, String> unanswered = new ConcurrentHashMap<>();
    private final LongAdder acknowledgements = new LongAdder();

    void sending(Doc doc, String value) {
        unanswered.put(doc, value);
    }

    void acknowledged(Doc doc, String value) {
        acknowledged.put(doc, value);
        unanswered.remove(doc);
        acknowledgements.increment();
    }

    String expected(Doc doc) {
        return acknowledged.getOrDefault(doc, ABSENT);
    }

    /** Whether {@code observed} is the last acknowledged value, or the unanswered one written after it. */
    boolean allows(Doc doc, String observed) {
        return observed.equals(expected(doc)) || observed.equals(unanswered.get(doc));
    }

    /** Whether a write of {@code doc} was sent and never answered. */
    boolean unanswered(Doc doc) {
        return unanswered.containsKey(doc);
    }

    Iterable<Doc> docs() {
        Map<Doc, String> all = new ConcurrentHashMap<>(acknowledged);
        unanswered.forEach(all::putIfAbsent);
        return all.keySet();
    }

    long acknowledgements() {
        return acknowledgements.sum();
    }

    int unanswered() {
        return unanswered.size();
    }

    /** What the store showed after a restart becomes what the next round starts from. */
    void settle(Doc doc, String observed) {
        acknowledged.put(doc, observed);
        unanswered.remove(doc);
    }
}
