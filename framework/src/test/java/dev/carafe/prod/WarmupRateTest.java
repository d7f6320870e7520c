package dev.carafe.prod;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WarmupRateTest {
  private static final long WINDOW = 100_000_000; // 100 ms

  @Test
  void theRateIsTheMedianOfTheLastThreeWindows() {
    WarmupRate rate = new WarmupRate(WINDOW);
    long finished = 0;
    for (int perWindow : new int[] {100, 900, 300, 200}) {
      finished += perWindow;
      rate.add(WINDOW, finished);
    }
    // The last three windows ran at 9000, 3000 and 2000 requests/s.
    assertEquals(3000, rate.rate(), 0.001);
  }

  @Test
  void thereIsNoRateBeforeThreeWindows() {
    WarmupRate rate = new WarmupRate(WINDOW);
    rate.add(WINDOW, 500);
    rate.add(WINDOW, 1000);
    assertEquals(0, rate.rate());
  }

  @Test
  void timeTheRequestsWereHeldForTheJitDoesNotCount() {
    WarmupRate rate = new WarmupRate(WINDOW);
    long finished = 0;
    for (int window = 0; window < 3; window++) {
      for (int look = 0; look < 50; look++) {
        rate.add(0, finished); // held: however long, no window ends
      }
      finished += 100;
      rate.add(WINDOW, finished);
    }
    assertEquals(1000, rate.rate(), 0.001);
  }
}
