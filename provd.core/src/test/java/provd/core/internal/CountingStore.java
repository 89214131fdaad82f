package provd.core.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import provd.core.store.DocumentStore;

/** A store that records every write ({@code put devices/<id>}, {@code delete configs/<id>}) before passing it on. */
public final class CountingStore implements DocumentStore {
    private final DocumentStore delegate;
    private final List<String> writes = new CopyOnWriteArrayList<>();

    public CountingStore(DocumentStore delegate) {
        this.delegate = delegate;
    }

    /** The writes so far, oldest first. */
    public List<String> writes() {
        return List.copyOf(writes);
    }

    @Override
    public Map<String, Map<String, Object>> loadAll(String collection) throws IOException {
        return delegate.loadAll(collection);
    }

    @Override
    public CompletionStage<Void> put(String collection, String id, Map<String, Object> document) {
        writes.add("put " + collection + "/" + id);
        return delegate.put(collection, id, document);
    }

    @Override
    public CompletionStage<Void> delete(String collection, String id) {
        writes.add("delete " + collection + "/" + id);
        return delegate.delete(collection, id);
    }

    @Override
    public CompletionStage<Void> flush() {
        return delegate.flush();
    }
}
