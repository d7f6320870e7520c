package dev.carafe;

import static dev.carafe.RawHttp.BOUNDARY;
import static dev.carafe.RawHttp.answer;
import static dev.carafe.RawHttp.head;
import static dev.carafe.RawHttp.multipart;
import static dev.carafe.RawHttp.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.internal.MinimumBodyRate;
import dev.carafe.test.CarafeTest;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.http.HttpException;
import org.junit.jupiter.api.Test;

/**
 * A client that sends its body slower than {@code min_request_body_rate}, or stops sending it, is
 * cut off with 408 (not left to hold a request thread until a timeout), while others are served.
 */
class SlowBodiesTest {

  private static Carafe app() {
    Carafe app = AppTesting.app();
    app.post("/json", req -> req.json());
    app.post("/form", req -> "fields " + req.form().names().size());
    app.post("/files", req -> "files " + req.files().size());
    return app;
  }

  @Test
  void aBodyTricklingSlowerThanTheMinimumRateIsCutWhileOthersAreServed() throws Exception {
    CarafeTest.test(
        app(),
        (server, client) -> {
          for (String[] request :
              new String[][] {
                {"/json", "application/json", "{\"a\":\"" + "x".repeat(2000) + "\"}"},
                {"/form", "application/x-www-form-urlencoded", "a=" + "x".repeat(2000)},
                {"/files", "multipart/form-data; boundary=" + BOUNDARY, multipart(2000)}
              }) {
            try (Socket slow = new Socket("127.0.0.1", server.port())) {
              byte[] body = request[2].getBytes(StandardCharsets.US_ASCII);
              send(slow, head(request[0], request[1], body.length));
              // One byte a second, for longer than any timeout: only the rate ends it.
              CompletableFuture<Void> trickle =
                  CompletableFuture.runAsync(
                      () -> {
                        try {
                          for (byte b : body) {
                            slow.getOutputStream().write(b);
                            slow.getOutputStream().flush();
                            Thread.sleep(1000);
                          }
                        } catch (IOException | InterruptedException cut) {
                          // the server closed the connection
                        }
                      });
              assertEquals(200, client.get("/healthz").asString().getStatus());
              String answer = answer(slow);
              assertTrue(answer.startsWith("HTTP/1.1 408 "), request[0] + ": " + answer);
              assertTrue(answer.contains("slower than 240 bytes per second"), answer);
              trickle.cancel(true);
            }
          }
        });
  }

  @Test
  void aCutBodyIsAnswered408HoweverItsReaderReportsTheFailedRead() throws Exception {
    // Jetty's multipart parser may report a cut body as a malformed one (400 "bad multipart"),
    // depending on where the cut finds it: the request is marked when the cut happens, as here.
    Carafe app = AppTesting.app();
    app.post(
        "/parsed",
        req -> {
          req.ctx()
              .attribute(MinimumBodyRate.CUT, new HttpException.RuntimeException(408, "Cut off."));
          throw new IllegalStateException("bad multipart");
        });
    CarafeTest.test(
        app,
        (server, client) -> {
          var answer = client.post("/parsed").header("Accept", "text/html").asString();
          assertEquals(408, answer.getStatus(), answer.getBody());
          assertTrue(answer.getBody().contains("Cut off."), answer.getBody());
        });
  }

  @Test
  void aBodyThatStopsArrivingIsCut() throws Exception {
    CarafeTest.test(
        app(),
        (server, client) -> {
          try (Socket stalled = new Socket("127.0.0.1", server.port())) {
            send(stalled, head("/json", "application/json", 1000) + "{\"a\":\"" + "x".repeat(100));
            assertEquals(200, client.get("/healthz").asString().getStatus());
            String answer = answer(stalled);
            assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
          }
        });
  }
}
