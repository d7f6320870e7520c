package dev.carafe.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.Carafe;
import dev.carafe.Config;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AppSlotTest {
  private final AppSlot slot = new AppSlot();

  private static LoadedApp generation(long n) {
    return new LoadedApp(
        n,
        new AppClassLoader("test-" + n, AppSlotTest.class.getClassLoader(), Map.of(), List.of()),
        Carafe.create(Config.defaults()),
        null);
  }

  private CompletableFuture<AppSlot.State> request() {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return slot.awaitSettled(Duration.ofSeconds(30));
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Test
  void requestsArrivingDuringAReloadAreServedByTheNewGeneration() throws Exception {
    LoadedApp old = generation(1);
    LoadedApp fresh = generation(2);
    slot.serve(old);
    slot.reloading();
    assertSame(old, slot.current().app().orElseThrow(), "running requests keep the old one");
    CompletableFuture<AppSlot.State> waiting = request();
    slot.serve(fresh);
    AppSlot.State state = waiting.get(30, TimeUnit.SECONDS);
    assertEquals(AppSlot.Phase.SERVING, state.phase());
    assertSame(fresh, state.app().orElseThrow());
  }

  @Test
  void aFailedReloadReleasesWaitingRequestsWithTheProblem() throws Exception {
    slot.serve(generation(1));
    slot.reloading();
    CompletableFuture<AppSlot.State> waiting = request();
    CompileProblem problem = new CompileProblem("App.java", 3, 1, "';' expected", List.of());
    slot.broken(new AppSlot.Problem(List.of(problem), Optional.empty()));
    AppSlot.State state = waiting.get(30, TimeUnit.SECONDS);
    assertEquals(AppSlot.Phase.BROKEN, state.phase());
    assertTrue(state.app().isEmpty(), "the old generation is dropped");
    assertEquals(List.of(problem), state.problem().compileErrors());
  }

  @Test
  void aReloadThatChangesNothingLetsRequestsThroughAgain() throws Exception {
    LoadedApp app = generation(1);
    slot.serve(app);
    slot.reloading();
    slot.resume();
    assertEquals(AppSlot.Phase.SERVING, slot.awaitSettled(Duration.ofSeconds(1)).phase());
    assertSame(app, slot.current().app().orElseThrow());
  }

  @Test
  void aStoppedSlotStaysStopped() throws Exception {
    slot.stop();
    slot.serve(generation(1));
    assertEquals(AppSlot.Phase.STOPPED, slot.current().phase());
  }

  @Test
  void aReplacedGenerationClosesOnceItsLastRequestHasLeft() {
    LoadedApp old = generation(1);
    AtomicInteger closed = new AtomicInteger();
    old.app().onClose(closed::incrementAndGet);
    slot.serve(old);
    assertTrue(old.enter(), "a request runs on the first generation");
    slot.reloading();
    slot.serve(generation(2));
    assertEquals(0, closed.get(), "the request running on it still needs it");
    old.leave();
    assertEquals(1, closed.get());
    assertFalse(old.enter(), "a closed generation takes no request");
  }

  @Test
  void stoppingClosesTheGenerationServedAndOneThatArrivesAfter() {
    LoadedApp served = generation(1);
    LoadedApp late = generation(2);
    slot.serve(served);
    slot.stop();
    slot.serve(late);
    assertTrue(served.closed());
    assertTrue(late.closed(), "nothing will serve a generation that arrives after the stop");
  }

  @Test
  void resumingKeepsTheGenerationOpen() {
    LoadedApp app = generation(1);
    slot.serve(app);
    slot.reloading();
    slot.resume();
    assertFalse(app.closed());
  }
}
