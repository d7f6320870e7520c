package dev.carafe.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.test.CarafeTest;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import kong.unirest.core.UnirestInstance;
import org.junit.jupiter.api.Test;

/** The development server closes every app it throws away, so reloads leak no pool. */
class GenerationCloseTest {
  private static final int RELOADS = 50;

  @Test
  void fiftyReloadsLeaveOnlyTheServedAppOpenAndStoppingClosesIt() throws Exception {
    int openedBefore = ClosingApp.OPENED.get();
    int closedBefore = ClosingApp.CLOSED.get();
    try (DevServer server =
            DevServer.builder(ClosingApp.class.getName())
                .port(0)
                .console(
                    new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8))
                .start();
        UnirestInstance client = CarafeTest.client("http://127.0.0.1:" + server.port())) {
      assertTrue(server.awaitReady(Duration.ofMinutes(1)));
      for (int i = 0; i < RELOADS; i++) {
        assertEquals(200, client.get("/").asString().getStatus());
        server.reload(false).get(60, TimeUnit.SECONDS);
      }
      assertEquals("{\"open\":1}", client.get("/").asString().getBody());
      assertEquals(RELOADS + 1, ClosingApp.OPENED.get() - openedBefore);
      assertEquals(RELOADS, ClosingApp.CLOSED.get() - closedBefore);
    }
    assertEquals(RELOADS + 1, ClosingApp.CLOSED.get() - closedBefore, "the stop closes the last");
  }

  @Test
  void aReloadWhoseFactoryFailsClosesWhatTheHalfBuiltAppOpened() throws Exception {
    int openedBefore = ClosingApp.OPENED.get();
    int closedBefore = ClosingApp.CLOSED.get();
    try (DevServer server =
        DevServer.builder(ClosingApp.class.getName())
            .port(0)
            .console(new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8))
            .start()) {
      assertTrue(server.awaitReady(Duration.ofMinutes(1)));
      ClosingApp.failAfterOpening = true;
      try {
        server.reload(false).get(60, TimeUnit.SECONDS);
      } finally {
        ClosingApp.failAfterOpening = false;
      }
      // The first app, replaced by the error page, and the one whose factory failed: no server
      // ever holds the second, so only the loader can close it.
      assertEquals(2, ClosingApp.OPENED.get() - openedBefore);
      assertEquals(2, ClosingApp.CLOSED.get() - closedBefore);
    }
  }
}
