package dev.carafe;

import static dev.carafe.AppTesting.app;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  @Test
  void whatJettyAnswersItselfCarriesTheSecurityHeaders() throws Exception {
    CarafeTest.test(
        app(),
        (server, client) -> {
          for (String request :
              new String[] {
                "GET /%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET / HTTP/1.1\r\nConnection: close\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n"
              }) {
            String answer = RawHttp.exchange(server.port(), request);
            assertTrue(RawHttp.status(answer) >= 400, answer);
            assertTrue(RawHttp.hasHeader(answer, "X-Frame-Options", "SAMEORIGIN"), answer);
            assertTrue(RawHttp.hasHeader(answer, "X-Content-Type-Options", "nosniff"), answer);
            assertTrue(
                RawHttp.hasHeader(answer, "Content-Security-Policy", "frame-ancestors 'self'"),
                answer);
            assertTrue(
                RawHttp.hasHeader(answer, "Referrer-Policy", "strict-origin-when-cross-origin"),
                answer);
          }
        });
  }
}
