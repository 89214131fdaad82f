package provd.core.internal.operation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;

import provd.core.api.Operation;
import provd.core.api.OperationStatus;
import provd.core.api.OperationStatus.State;
import provd.core.internal.ManualClock;

class OperationTrackerTest {
    private final ManualClock clock = new ManualClock();
    private final OperationTracker tracker = new OperationTracker(clock, Duration.ofSeconds(60));

    private OperationStatus status(Operation operation) {
        return tracker.status(operation.id()).orElseThrow();
    }

    @Test
    void aNewOperationWaitsWithoutProgress() {
        Operation op = tracker.start("download");
        OperationStatus status = status(op);
        assertEquals(State.WAITING, status.state());
        assertEquals(Optional.of(op.id()), status.id());
        assertEquals("download", status.label());
        assertEquals(-1, status.current());
        assertEquals(-1, status.end());
        assertEquals(Optional.empty(), status.error());
        assertEquals(List.of(), status.children());
        assertEquals("download|waiting", status.toString());
    }

    @Test
    void idsAreDistinctAndUnknownIdsHaveNoStatus() {
        Operation a = tracker.start("a");
        Operation b = tracker.start("b");
        assertNotEquals(a.id(), b.id());
        assertTrue(a.id().matches("[0-9a-f]{32}"), a.id());
        assertEquals(Optional.empty(), tracker.status("nope"));
        assertEquals(Optional.empty(), tracker.status(null));
    }

    @Test
    void progressThenSuccess() {
        Operation op = tracker.start("download");
        op.progress(3, 10);
        OperationStatus progress = status(op);
        assertEquals(State.PROGRESS, progress.state());
        assertEquals(3, progress.current());
        assertEquals(10, progress.end());
        assertEquals("download|progress;3/10", progress.toString());

        op.progress(7, -1);
        assertEquals("download|progress;7", status(op).toString());

        op.succeed();
        OperationStatus done = status(op);
        assertEquals(State.SUCCESS, done.state());
        assertTrue(done.state().isFinished());
        assertEquals("download|success;7", done.toString());
    }

    @Test
    void negativeProgressCountsAsUnknown() {
        Operation op = tracker.start("x");
        op.progress(-5, -7);
        OperationStatus s = status(op);
        assertEquals(-1, s.current());
        assertEquals(-1, s.end());
        assertEquals("x|progress", s.toString());
    }

    @Test
    void failureKeepsTheReason() {
        Operation op = tracker.start("install");
        op.fail("checksum mismatch");
        OperationStatus s = status(op);
        assertEquals(State.FAIL, s.state());
        assertEquals(Optional.of("checksum mismatch"), s.error());
        assertEquals("install|fail", s.toString());
    }

    @Test
    void aFailureWithoutReasonSaysFailed() {
        Operation a = tracker.start("a");
        a.fail(null);
        Operation b = tracker.start("b");
        b.fail("  ");
        assertEquals(Optional.of("failed"), status(a).error());
        assertEquals(Optional.of("failed"), status(b).error());
    }

    @Test
    void callsAfterFinishingAreIgnored() {
        Operation op = tracker.start("sync");
        op.progress(1, 2);
        op.succeed();
        op.progress(2, 2);
        op.fail("too late");
        op.succeed();
        OperationStatus s = status(op);
        assertEquals(State.SUCCESS, s.state());
        assertEquals(1, s.current());
        assertEquals(2, s.end());
        assertEquals(Optional.empty(), s.error());

        Operation failed = tracker.start("sync");
        failed.fail("first");
        failed.succeed();
        failed.fail("second");
        assertEquals(State.FAIL, status(failed).state());
        assertEquals(Optional.of("first"), status(failed).error());
    }

    @Test
    void childrenAppearInOrderInsideTheStatus() {
        Operation root = tracker.start("install");
        Operation download = root.child("download");
        Operation extract = root.child("extract");
        download.progress(5, 10);
        Operation nested = extract.child("");
        nested.progress(1, -1);
        OperationStatus s = status(root);
        assertEquals(2, s.children().size());
        assertEquals("download", s.children().get(0).label());
        assertEquals(Optional.empty(), s.children().get(0).id(), "sub-operations have no id of their own");
        assertEquals(State.PROGRESS, s.children().get(0).state());
        assertEquals(State.WAITING, s.children().get(1).state());
        assertEquals("install|waiting(download|progress;5/10)(extract|waiting(progress;1))", s.toString());

        download.succeed();
        extract.fail("disk full");
        root.fail("extract failed");
        assertEquals("install|fail(download|success;5/10)(extract|fail(progress;1))", status(root).toString());
        assertEquals(Optional.of("disk full"), status(root).children().get(1).error());
    }

    @Test
    void aSnapshotDoesNotChangeAfterwards() {
        Operation root = tracker.start("a");
        OperationStatus before = status(root);
        root.child("b");
        root.progress(1, 1);
        assertEquals("a|waiting", before.toString());
        assertEquals("a|progress;1/1(b|waiting)", status(root).toString());
    }

    @Test
    void trackMakesItProgressThenSucceeds() {
        Operation op = tracker.start("sync");
        CompletableFuture<String> work = new CompletableFuture<>();
        CompletionStage<String> returned = op.track(work);
        assertSame(work, returned);
        assertEquals("sync|progress", status(op).toString());
        work.complete("done");
        assertEquals(State.SUCCESS, status(op).state());
        assertEquals(Optional.empty(), status(op).error());
    }

    @Test
    void trackFailsWithTheCausesMessage() {
        Operation op = tracker.start("sync");
        CompletableFuture<Void> work = new CompletableFuture<>();
        op.track(work);
        work.completeExceptionally(new IOException("phone unreachable"));
        assertEquals(State.FAIL, status(op).state());
        assertEquals(Optional.of("phone unreachable"), status(op).error());
    }

    @Test
    void trackUnwrapsCompletionException() {
        Operation op = tracker.start("sync");
        CompletableFuture<Void> work = new CompletableFuture<>();
        // a dependent stage fails with a CompletionException wrapping the real cause
        CompletableFuture<Void> dependent = work.thenApply(v -> v);
        op.track(dependent);
        work.completeExceptionally(new IllegalStateException("no plugin"));
        assertEquals(Optional.of("no plugin"), status(op).error());

        Operation wrapped = tracker.start("sync");
        wrapped.track(CompletableFuture.failedFuture(
                new CompletionException(new IllegalArgumentException("bad mac"))));
        assertEquals(Optional.of("bad mac"), status(wrapped).error());
    }

    @Test
    void trackWithoutMessageNamesTheException() {
        Operation op = tracker.start("sync");
        op.track(CompletableFuture.failedFuture(new IllegalStateException()));
        assertEquals(Optional.of("IllegalStateException"), status(op).error());
    }

    @Test
    void trackOfAnAlreadyFinishedOperationChangesNothing() {
        Operation op = tracker.start("sync");
        op.succeed();
        op.track(CompletableFuture.failedFuture(new IOException("late")));
        assertEquals(State.SUCCESS, status(op).state());
        assertEquals(Optional.empty(), status(op).error());
    }

    @Test
    void trackKeepsReportedProgress() {
        Operation op = tracker.start("sync");
        op.progress(2, 5);
        CompletableFuture<Void> work = new CompletableFuture<>();
        op.track(work);
        assertEquals("sync|progress;2/5", status(op).toString());
    }

    @Test
    void unlabelledOperationsHaveNoBar() {
        Operation op = tracker.start(null);
        assertEquals("", status(op).label());
        assertEquals("waiting", status(op).toString());
        op.progress(0, 3);
        assertEquals("progress;0/3", status(op).toString());
    }

    private static OperationStatus op(String label, State state, long current, long end,
            OperationStatus... children) {
        return new OperationStatus(Optional.empty(), label, state, current, end, Optional.empty(),
                List.of(children));
    }

    @Test
    void statusStringsAreThoseOfWazoProvdsExamples() {
        // OperationInProgressObject in provd-rest-api.yml: [label|]state[;current[/end]](sub)...
        assertEquals("progress", op("", State.PROGRESS, -1, -1).toString());
        assertEquals("download|progress", op("download", State.PROGRESS, -1, -1).toString());
        assertEquals("download|progress;10", op("download", State.PROGRESS, 10, -1).toString());
        assertEquals("download|progress;10/100", op("download", State.PROGRESS, 10, 100).toString());
        assertEquals("download|progress(file_1|progress;20/100)(file_2|waiting;0/50)",
                op("download", State.PROGRESS, -1, -1, op("file_1", State.PROGRESS, 20, 100),
                        op("file_2", State.WAITING, 0, 50)).toString());
        assertEquals("download|progress;20/150(file_1|progress)(file_2|waiting)",
                op("download", State.PROGRESS, 20, 150, op("file_1", State.PROGRESS, -1, -1),
                        op("file_2", State.WAITING, -1, -1)).toString());
        assertEquals("op|progress(op1|progress(op11|progress)(op12|waiting))(op2|progress)",
                op("op", State.PROGRESS, -1, -1,
                        op("op1", State.PROGRESS, -1, -1, op("op11", State.PROGRESS, -1, -1),
                                op("op12", State.WAITING, -1, -1)),
                        op("op2", State.PROGRESS, -1, -1)).toString());
    }

    @Test
    void statusStringEdgeCases() {
        // an end without a current is not shown: the grammar has no ";/end"
        assertEquals("download|progress", op("download", State.PROGRESS, -1, 8).toString());
        assertEquals("success;0/0", op("", State.SUCCESS, 0, 0).toString());
        assertEquals("waiting", State.WAITING.wireName());
        assertEquals("progress", State.PROGRESS.wireName());
        assertEquals("success", State.SUCCESS.wireName());
        assertEquals("fail", State.FAIL.wireName());
        assertFalse(State.WAITING.isFinished());
        assertFalse(State.PROGRESS.isFinished());
        assertTrue(State.SUCCESS.isFinished());
        assertTrue(State.FAIL.isFinished());
    }

    @Test
    void theTrackerProducesTheNestedExample() {
        Operation root = tracker.start("op");
        Operation op1 = root.child("op1");
        op1.child("op11").progress(-1, -1);
        op1.child("op12");
        op1.progress(-1, -1);
        root.child("op2").progress(-1, -1);
        root.progress(-1, -1);
        assertEquals("op|progress(op1|progress(op11|progress)(op12|waiting))(op2|progress)",
                status(root).toString());
    }

    @Test
    void finishedOperationsExpireAfterTheDuration() {
        Operation op = tracker.start("sync");
        op.succeed();
        clock.advance(Duration.ofSeconds(60));
        assertTrue(tracker.status(op.id()).isPresent(), "still readable at exactly the expiry");
        clock.advance(Duration.ofMillis(1));
        assertEquals(Optional.empty(), tracker.status(op.id()));
    }

    @Test
    void expiryCountsFromTheEndNotTheStart() {
        Operation op = tracker.start("sync");
        clock.advance(Duration.ofHours(5));
        assertTrue(tracker.status(op.id()).isPresent(), "running operations never expire");
        op.fail("x");
        clock.advance(Duration.ofSeconds(30));
        assertTrue(tracker.status(op.id()).isPresent());
        clock.advance(Duration.ofSeconds(31));
        assertFalse(tracker.status(op.id()).isPresent());
    }

    @Test
    void aChildFinishingDoesNotStartTheExpiry() {
        Operation root = tracker.start("install");
        root.child("download").succeed();
        clock.advance(Duration.ofHours(1));
        assertTrue(tracker.status(root.id()).isPresent());
    }

    @Test
    void expiredOperationsAreSweptOnTheNextStart() {
        Operation old = tracker.start("old");
        Operation running = tracker.start("running");
        old.succeed();
        assertEquals(2, tracker.size());
        clock.advance(Duration.ofSeconds(61));
        assertEquals(2, tracker.size(), "nothing is swept before a start");
        Operation fresh = tracker.start("fresh");
        assertEquals(2, tracker.size());
        assertFalse(tracker.status(old.id()).isPresent());
        assertTrue(tracker.status(running.id()).isPresent());
        assertTrue(tracker.status(fresh.id()).isPresent());
    }

    @Test
    void removeForgetsAnOperation() {
        Operation op = tracker.start("sync");
        assertTrue(tracker.remove(op.id()));
        assertEquals(Optional.empty(), tracker.status(op.id()));
        assertFalse(tracker.remove(op.id()), "already removed");
        assertFalse(tracker.remove("unknown"));
        assertFalse(tracker.remove(null));
        assertEquals(0, tracker.size());
        // the handle still works, it is just no longer shown
        op.succeed();
        assertEquals(Optional.empty(), tracker.status(op.id()));
    }

    @Test
    void modifiedChangesTheExpiry() {
        OperationTracker configured = new OperationTracker(clock, Duration.ofSeconds(600));
        Operation op = configured.start("sync");
        op.succeed();
        clock.advance(Duration.ofSeconds(20));
        assertTrue(configured.status(op.id()).isPresent());
        configured.modified(config(10));
        assertFalse(configured.status(op.id()).isPresent());
    }

    @Test
    void anExpiryBelowOneSecondCountsAsOne() {
        OperationTracker configured = new OperationTracker(clock, Duration.ofSeconds(600));
        configured.modified(config(0));
        Operation op = configured.start("sync");
        op.succeed();
        clock.advance(Duration.ofMillis(1000));
        assertTrue(configured.status(op.id()).isPresent());
        clock.advance(Duration.ofMillis(1));
        assertFalse(configured.status(op.id()).isPresent());
    }

    private static OperationTracker.Config config(long seconds) {
        return new OperationTracker.Config() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return OperationTracker.Config.class;
            }

            @Override
            public long expiry_seconds() {
                return seconds;
            }
        };
    }
}
