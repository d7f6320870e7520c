package dev.carafe;

import static dev.carafe.AppTesting.app;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.carafe.test.CarafeTest;
import org.junit.jupiter.api.Test;

class LimitsTest {
  @Test
  void overlongUriIs414() throws Exception {
    CarafeTest.test(
        app(),
        (server, client) ->
            assertEquals(414, client.get("/" + "a".repeat(20_000)).asString().getStatus()));
  }

  @Test
  void oversizedHeadersAre431() throws Exception {
    CarafeTest.test(
        app(),
        (server, client) ->
            assertEquals(
                431,
                client.get("/healthz").header("X-Big", "b".repeat(20_000)).asString().getStatus()));
  }

  @Test
  void headerLimitIsConfigurable() throws Exception {
    Carafe app = AppTesting.app("max_request_header_size", "32768");
    CarafeTest.test(
        app,
        (server, client) ->
            assertEquals(
                200,
                client.get("/healthz").header("X-Big", "b".repeat(20_000)).asString().getStatus()));
  }
}
