package provd.core.internal.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;

import provd.core.internal.DurableFiles;
import provd.core.internal.ProvdHome;
import provd.core.store.DocumentStore;

/**
 * The document store of wazo-provd's "jsondb" layout: {@code <directory>/<collection>/<id>}, one document per file,
 * as compact UTF-8 JSON.
 *
 * <p>A write goes to a temporary file that is synced then renamed over the document; the collection directory is
 * then synced, one sync serving every write renamed before it started, and waiting for the collection's writes under
 * way (as many as there are writer threads at most) so that they share it. Writes run on a small pool: a write still
 * queued when the same document is written again takes the newer content instead of queueing a second write, and
 * writes of one document never run concurrently, so they take effect in call order.
 *
 * <p>The stages returned by {@link #put}, {@link #delete} and {@link #flush} complete on a writer thread: actions
 * depending on them must not block.
 */
@Component(service = DocumentStore.class, configurationPid = JsonDocumentStore.PID)
@Designate(ocd = JsonDocumentStore.Config.class)
public final class JsonDocumentStore implements DocumentStore, AutoCloseable {
    static final String PID = "provd.store.jsondb";
    /** Where unreadable documents are set aside, next to the collections (so it cannot be a collection). */
    static final String CORRUPT = "corrupt";

    private static final Logger LOG = LoggerFactory.getLogger(JsonDocumentStore.class);
    private static final DateTimeFormatter SET_ASIDE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
    private static final long CLOSE_TIMEOUT_SECONDS = 30;

    @ObjectClassDefinition(name = "provd JSON document store",
            description = "Stores devices and configs as JSON files, in wazo-provd's jsondb layout")
    @interface Config {
        @AttributeDefinition(description = "Directory of the collections; empty means <provd.home>/data/jsondb")
        String directory() default "";

        @AttributeDefinition(description = "Number of threads writing documents to disk; writes of a collection under "
                + "way together share one directory sync, up to this many", min = "1")
        int writer_threads() default 4;
    }

    private final Path directory;
    private final Instant started = Instant.now();
    private final ObjectReader reader;
    private final ObjectWriter writer;
    private final ExecutorService writers;
    private final int writerThreads;
    private final Map<String, CollectionDirectory> collections = new ConcurrentHashMap<>();
    /** Every write not yet durable (or failed), for {@link #flush}. */
    private final Set<CompletableFuture<Void>> pending = ConcurrentHashMap.newKeySet();

    private final LongAdder documentWrites = new LongAdder();
    private final LongAdder writeFailures = new LongAdder();

    /** Why the latest write failed; null once a write succeeded after it. */
    private volatile String lastFailure;

    private final Object lock = new Object();
    // Guarded by lock: the documents with a write task scheduled or running.
    private final Map<DocumentKey, Slot> slots = new HashMap<>();
    private boolean closed;

    private record DocumentKey(String collection, String id) {
    }

    /** The writes of a document that has a write task scheduled or running. */
    private static final class Slot {
        /** The write to run next, not started yet: a newer write of the document replaces its content. */
        Write queued;
    }

    private final class Write {
        final CollectionDirectory collection;
        final String id;
        /** Completed by the writer once the write is durable, or failed. */
        final CompletableFuture<Void> done = new CompletableFuture<>();
        /** As {@link #done}, once the store has recorded the outcome: what callers and {@link #flush} wait for. */
        final CompletableFuture<Void> acknowledged = done.whenComplete((ignored, failure) -> record(this, failure));
        /** The serialized document, or null to delete it. Guarded by lock until the write starts. */
        byte[] content;

        Write(CollectionDirectory collection, String id, byte[] content) {
            this.collection = collection;
            this.id = id;
            this.content = content;
        }
    }

    @Activate
    public JsonDocumentStore(BundleContext context, Config config) {
        this(config.directory().isEmpty() ? defaultDirectory(context) : Path.of(config.directory()),
                Math.max(1, config.writer_threads()));
    }

    public JsonDocumentStore(Path directory, int writerThreads) {
        if (writerThreads < 1) {
            throw new IllegalArgumentException("writerThreads must be at least 1: " + writerThreads);
        }
        this.directory = directory.toAbsolutePath();
        JsonMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // Parse errors are logged: no excerpt of the document (it may hold passwords) in their location.
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
        this.reader = mapper.readerFor(Map.class);
        this.writer = mapper.writer();
        this.writerThreads = writerThreads;
        this.writers = Executors.newFixedThreadPool(writerThreads, writerThreadFactory());
        LOG.info("JSON document store in {}", this.directory);
    }

    private static Path defaultDirectory(BundleContext context) {
        return ProvdHome.of(context).resolve("data").resolve("jsondb");
    }

    private static ThreadFactory writerThreadFactory() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "provd-jsondb-writer-" + count.incrementAndGet());
            // A store nobody closed must not keep the JVM alive: its unacknowledged writes are not promised.
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public Map<String, Map<String, Object>> loadAll(String collection) throws IOException {
        CollectionDirectory dir = collection(collection);
        dir.ensureCreated();
        Map<String, Map<String, Object>> documents;
        Queue<Unreadable> unreadable = new ConcurrentLinkedQueue<>();
        try {
            List<Path> entries;
            try (Stream<Path> listing = Files.list(dir.path())) {
                entries = listing.toList();
            }
            // Sized for every entry, so that the parallel puts never resize it.
            documents = new ConcurrentHashMap<>(entries.size());
            entries.parallelStream().forEach(entry -> load(entry, documents, unreadable));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (Unreadable document : unreadable) {
            setAside(collection, document);
        }
        return documents;
    }

    private record Unreadable(Path file, String reason) {
    }

    private void load(Path entry, Map<String, Map<String, Object>> documents, Queue<Unreadable> unreadable) {
        String name = entry.getFileName().toString();
        if (VALID_ID.matcher(name).matches()) {
            try {
                read(entry, name, documents, unreadable);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else if (DurableFiles.isTempFile(name)) {
            removeIfLeftover(entry);
        }
    }

    private void read(Path file, String id, Map<String, Map<String, Object>> documents,
            Queue<Unreadable> unreadable) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException deletedSinceListed) {
            return;
        } catch (IOException e) {
            // Checked only now: a stat of every file would slow down loading.
            if (Files.isDirectory(file)) {
                LOG.warn("ignoring {}: a directory among the documents", file);
                return;
            }
            throw e;
        }
        try {
            Map<String, Object> document = reader.readValue(bytes);
            if (document == null) {
                unreadable.add(new Unreadable(file, "not a JSON object: null"));
            } else {
                documents.put(id, document);
            }
        } catch (JsonProcessingException e) {
            unreadable.add(new Unreadable(file, describe(e)));
        }
    }

    private static String describe(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        String message = e.getOriginalMessage();
        return location == null ? message
                : message + " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** Moves an unreadable document to {@code corrupt/<collection>-<id>-<time>}, never replacing a file there. */
    private void setAside(String collection, Unreadable document) throws IOException {
        Path corrupt = directory.resolve(CORRUPT);
        DurableFiles.createDirectories(corrupt);
        String time = SET_ASIDE_TIME.format(LocalDateTime.now());
        String name = collection + "-" + document.file().getFileName() + "-" + time;
        Path target = corrupt.resolve(name);
        for (int suffix = 1; ; suffix++) {
            try {
                Files.move(document.file(), target);
                break;
            } catch (FileAlreadyExistsException e) {
                target = corrupt.resolve(name + "-" + suffix);
            }
        }
        LOG.warn("unreadable document {} moved to {}: {}", document.file(), target, document.reason());
    }

    private void removeIfLeftover(Path tempFile) {
        try {
            if (Files.getLastModifiedTime(tempFile).toInstant().isBefore(started)) {
                Files.deleteIfExists(tempFile);
                LOG.info("removed {}, left over by an interrupted write", tempFile);
            }
        } catch (NoSuchFileException alreadyGone) {
            // Nothing to remove.
        } catch (IOException e) {
            LOG.warn("could not remove the leftover temporary file {}", tempFile, e);
        }
    }

    @Override
    public CompletionStage<Void> put(String collection, String id, Map<String, Object> document) {
        CollectionDirectory dir = collection(collection);
        checkId(id);
        Objects.requireNonNull(document, "document");
        byte[] content;
        try {
            content = writer.writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("document " + id + " of " + collection + " is not JSON", e);
        }
        return enqueue(dir, id, content);
    }

    @Override
    public CompletionStage<Void> delete(String collection, String id) {
        CollectionDirectory dir = collection(collection);
        checkId(id);
        return enqueue(dir, id, null);
    }

    @Override
    public CompletionStage<Void> flush() {
        return CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0]));
    }

    @Override
    public Optional<String> problem() {
        if (!Files.isDirectory(directory) || !Files.isWritable(directory)) {
            return Optional.of("the directory " + directory + " is not a writable directory");
        }
        String failure = lastFailure;
        return failure == null ? Optional.empty() : Optional.of("the last write failed: " + failure);
    }

    /**
     * {@code document_writes_total} (documents written or deleted durably; each file written was synced once),
     * {@code write_failures_total}, {@code directory_syncs_total} (each shared by the writes it covered) and
     * {@code writes_pending}.
     */
    @Override
    public Map<String, Long> figures() {
        Map<String, Long> figures = new LinkedHashMap<>();
        figures.put("document_writes_total", documentWrites.sum());
        figures.put("write_failures_total", writeFailures.sum());
        figures.put("directory_syncs_total", collections.values().stream().mapToLong(CollectionDirectory::syncs).sum());
        figures.put("writes_pending", (long) pending.size());
        return figures;
    }

    /** Waits for the pending writes, then stops the writer threads. Later writes are refused. */
    @Deactivate
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            flush().toCompletableFuture().join();
        } catch (CompletionException failedWritesAreLogged) {
            // Each failed write was logged when it failed.
        }
        writers.shutdown();
        try {
            if (!writers.awaitTermination(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("the writer threads of {} did not stop within {} s", directory, CLOSE_TIMEOUT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private CollectionDirectory collection(String name) {
        if (name == null || !VALID_ID.matcher(name).matches() || name.equals(CORRUPT)) {
            throw new IllegalArgumentException("invalid collection name: " + name);
        }
        return collections.computeIfAbsent(name, n -> new CollectionDirectory(n, directory.resolve(n), writerThreads));
    }

    private static void checkId(String id) {
        if (id == null || !VALID_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("invalid document id: " + id);
        }
    }

    private CompletionStage<Void> enqueue(CollectionDirectory collection, String id, byte[] content) {
        DocumentKey key = new DocumentKey(collection.name(), id);
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the document store is closed");
            }
            Slot slot = slots.get(key);
            if (slot == null) {
                slot = new Slot();
                slots.put(key, slot);
                writers.execute(() -> runNext(key));
            }
            if (slot.queued == null) {
                slot.queued = newWrite(collection, id, content);
            } else {
                slot.queued.content = content;
            }
            // A copy, so that a caller completing its stage cannot complete another caller's.
            return slot.queued.acknowledged.copy();
        }
    }

    private Write newWrite(CollectionDirectory collection, String id, byte[] content) {
        Write write = new Write(collection, id, content);
        pending.add(write.acknowledged);
        return write;
    }

    /** Records how a write ended, before its callers learn it. */
    private void record(Write write, Throwable failure) {
        pending.remove(write.acknowledged);
        lastFailure = failure == null ? null : String.valueOf(failure.getMessage());
        (failure == null ? documentWrites : writeFailures).increment();
        if (failure != null) {
            LOG.error("could not save document {} of collection {}", write.id, write.collection.name(), failure);
        }
    }

    /** Runs the queued write of {@code key}, then schedules the next one if it was written again meanwhile. */
    private void runNext(DocumentKey key) {
        Write write;
        synchronized (lock) {
            Slot slot = slots.get(key);
            write = slot.queued;
            slot.queued = null;
        }
        CollectionDirectory collection = write.collection;
        boolean mustSync;
        boolean made = false;
        collection.writeStarting();
        try {
            collection.ensureCreated();
            Path file = collection.file(write.id);
            if (write.content == null) {
                Files.deleteIfExists(file);
            } else {
                DurableFiles.replace(file, write.content);
            }
            made = true;
        } catch (IOException | RuntimeException e) {
            write.done.completeExceptionally(e);
        } finally {
            // a failed write too: the writes waiting to share their sync with it must not wait any longer
            mustSync = collection.writeDone(made ? write.done : null);
            synchronized (lock) {
                if (slots.get(key).queued == null) {
                    slots.remove(key);
                } else {
                    writers.execute(() -> runNext(key));
                }
            }
        }
        if (mustSync) {
            collection.syncPending();
        }
    }
}
