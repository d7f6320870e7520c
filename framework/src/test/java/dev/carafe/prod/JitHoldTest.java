package dev.carafe.prod;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JitHoldTest {
  private static final long MS = 1_000_000;

  @Test
  void requestsHeldWithNoneFinishingForThePatienceAreAStall() {
    JitHold hold = new JitHold(500 * MS);
    assertFalse(hold.stalled(true, 0, 0));
    assertFalse(hold.stalled(true, 0, 499 * MS));
    assertTrue(hold.stalled(true, 0, 500 * MS));
  }

  @Test
  void aFinishedRequestOrAQuietCompilerStartsTheWaitAgain() {
    JitHold hold = new JitHold(500 * MS);
    hold.stalled(true, 0, 0);
    assertFalse(hold.stalled(true, 1, 400 * MS), "a request got through");
    assertFalse(hold.stalled(true, 1, 800 * MS));
    assertFalse(hold.stalled(false, 1, 850 * MS), "the compiler let the requests go");
    assertFalse(hold.stalled(true, 1, 900 * MS));
    assertFalse(hold.stalled(true, 1, 1399 * MS));
    assertTrue(hold.stalled(true, 1, 1400 * MS));
  }

  @Test
  void withoutPatienceTheJitMayHoldAsLongAsItLikes() {
    JitHold hold = new JitHold(0);
    hold.stalled(true, 0, 0);
    assertFalse(hold.stalled(true, 0, 3_600_000 * MS));
  }
}
