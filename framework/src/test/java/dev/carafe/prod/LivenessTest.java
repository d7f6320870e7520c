package dev.carafe.prod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LivenessTest {
  private static final long SECOND = 1_000_000_000L;
  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  @Test
  void aWorkerThatFallsSilentAfterItsReadyMessageIsSilentNotStuck() {
    Liveness liveness =
        Liveness.since(0).beat(new Progress(300, 0, 0), SECOND).heard(SECOND + SECOND / 2);
    assertEquals(Optional.empty(), liveness.verdict(4 * SECOND + SECOND / 4, TIMEOUT));
    assertTrue(liveness.verdict(5 * SECOND, TIMEOUT).orElseThrow().startsWith("sent no heartbeat"));
  }

  @Test
  void aPoolWhereWorkWaitsAndNothingFinishesIsStuckThoughItBeats() {
    Liveness liveness = Liveness.since(0).beat(new Progress(10, 4, 2), SECOND);
    for (long t = 2; t <= 5; t++) {
      liveness = liveness.beat(new Progress(10, 4, 2), t * SECOND);
    }
    assertTrue(liveness.verdict(5 * SECOND, TIMEOUT).orElseThrow().startsWith("is stuck"));
  }
}
