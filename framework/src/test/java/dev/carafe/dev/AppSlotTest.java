package dev.carafe.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AppSlotTest {
  private final AppSlot slot = new AppSlot();

  private static LoadedApp generation(long n) {
    return new LoadedApp(
        n,
        new AppClassLoader("test-" + n, AppSlotTest.class.getClassLoader(), Map.of(), List.of()),
        null,
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
}
