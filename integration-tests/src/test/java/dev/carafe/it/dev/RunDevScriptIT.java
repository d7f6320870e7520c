package dev.carafe.it.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.it.Launched;
import dev.carafe.test.CarafeTest;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import kong.unirest.core.UnirestInstance;
import org.junit.jupiter.api.Test;

class RunDevScriptIT {
  @Test
  void runDevServesTheDemoAppOnTheGivenPort() throws Exception {
    int port = Launched.freePort();
    try (Launched dev =
            Launched.start(
                Launched.repo(), Map.of(), "./run-dev.sh", "--port", String.valueOf(port));
        UnirestInstance client = CarafeTest.client("http://127.0.0.1:" + port)) {
      dev.awaitHttp("http://127.0.0.1:" + port + "/healthz", 200, Duration.ofMinutes(3));
      assertEquals(
          "{\"message\":\"Hello, World!\"}", client.get("/api/hello").asString().getBody());
      assertEquals(200, client.get("/static/app.css").asString().getStatus());
      assertTrue(dev.output().contains("Watching src/main/java/"), dev.output());
    }
  }

  @Test
  void productionModeIsRefused() throws Exception {
    try (Launched dev =
        Launched.start(
            Launched.repo(),
            Map.of("CARAFE_MODE", "production"),
            "./run-dev.sh",
            "--port",
            String.valueOf(Launched.freePort()))) {
      assertEquals(1, dev.awaitExit(Duration.ofMinutes(3)));
      assertTrue(dev.output().contains("does not run in production mode"), dev.output());
    }
  }

  @Test
  void aTakenPortIsReportedWithTheFix() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        Launched dev =
            Launched.start(
                Launched.repo(),
                Map.of(),
                "./run-dev.sh",
                "--port",
                String.valueOf(taken.getLocalPort()))) {
      assertEquals(1, dev.awaitExit(Duration.ofMinutes(3)));
      assertTrue(dev.output().contains("Pass --port to pick another port"), dev.output());
    }
  }
}
