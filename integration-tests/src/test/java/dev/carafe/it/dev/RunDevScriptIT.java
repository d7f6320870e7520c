package dev.carafe.it.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.carafe.it.Launched;
import dev.carafe.test.CarafeTest;
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
    }
  }
}
