package dev.explain4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Each state an abandoned call can be in hands its result to the discard exactly once. */
class PendingCallTest {
  private final List<String> discarded = new ArrayList<>();
  private final List<Runnable> queued = new ArrayList<>();
  private final Executor interpreterThread = queued::add;

  @Test
  void abandonedWhileQueuedNeverRuns() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    PendingCall<String> call =
        new PendingCall<>(() -> "r" + runs.incrementAndGet(), discarded::add);
    call.abandon(interpreterThread);
    assertNull(call.call());
    assertEquals(0, runs.get());
    assertEquals(List.of(), discarded);
    assertEquals(List.of(), queued);
  }

  @Test
  void abandonedWhileRunningDiscardsItsOwnResult() throws Exception {
    PendingCall<?>[] self = new PendingCall<?>[1];
    PendingCall<String> call =
        new PendingCall<>(
            () -> {
              self[0].abandon(interpreterThread);
              return "late";
            },
            discarded::add);
    self[0] = call;
    assertEquals("late", call.call());
    assertEquals(List.of("late"), discarded);
    assertEquals(List.of(), queued);
  }

  @Test
  void abandonedJustAfterFinishingDiscardsBehindIt() throws Exception {
    PendingCall<String> call = new PendingCall<>(() -> "done", discarded::add);
    assertEquals("done", call.call());
    call.abandon(interpreterThread);
    assertEquals(List.of(), discarded, "not on the caller's thread");
    assertEquals(1, queued.size());
    queued.get(0).run();
    assertEquals(List.of("done"), discarded);
  }

  @Test
  void aReceivedResultIsNeverDiscarded() throws Exception {
    PendingCall<String> call = new PendingCall<>(() -> "mine", discarded::add);
    assertEquals("mine", call.call());
    assertEquals(List.of(), discarded);
    assertEquals(List.of(), queued);
  }
}
