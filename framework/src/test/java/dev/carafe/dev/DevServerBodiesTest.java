package dev.carafe.dev;

import static dev.carafe.RawHttp.BOUNDARY;
import static dev.carafe.RawHttp.answer;
import static dev.carafe.RawHttp.head;
import static dev.carafe.RawHttp.multipart;
import static dev.carafe.RawHttp.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.Config;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Slow or stalled request bodies can neither hold the lane nor stop the server answering. */
class DevServerBodiesTest {

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void manySlowBodiesCannotStopOtherRequestsBeingAnswered() throws Exception {
    // The rate is off: bounding the bodies read at once must be enough on its own.
    try (DevServer server = start(Config.defaults().with("min_request_body_rate", "0"))) {
      List<Socket> slow = new ArrayList<>();
      AtomicBoolean trickling = new AtomicBoolean(true);
      try {
        for (int i = 0; i < 250; i++) {
          Socket socket = new Socket("127.0.0.1", server.port());
          slow.add(socket);
          send(socket, head("/length", "application/octet-stream", 1_000_000) + "x");
        }
        // A byte a second keeps every connection alive past any idle timeout.
        CompletableFuture<Void> trickle =
            CompletableFuture.runAsync(
                () -> {
                  while (trickling.get()) {
                    for (Socket socket : slow) {
                      try {
                        send(socket, "x");
                      } catch (IOException refused) {
                        // answered 503 and closed
                      }
                    }
                    sleep(1000);
                  }
                });
        HttpResponse<String> ping =
            http.sendAsync(
                    HttpRequest.newBuilder(URI.create(url(server, "/"))).build(),
                    HttpResponse.BodyHandlers.ofString())
                .get(60, TimeUnit.SECONDS);
        assertEquals("{\"from\":\"class path\"}", ping.body());
        String refused = answer(slow.get(slow.size() - 1));
        assertTrue(refused.startsWith("HTTP/1.1 503 "), refused);
        assertTrue(refused.contains("Retry-After: 1"), refused);
        assertTrue(refused.contains("<h1>Service Unavailable</h1>"), refused);
        trickling.set(false);
        trickle.get(30, TimeUnit.SECONDS);
      } finally {
        trickling.set(false);
        for (Socket socket : slow) {
          socket.close();
        }
      }
    }
  }

  @Test
  void aStalledBodyIsCutWith408WhileTheLaneServesOthers() throws Exception {
    try (DevServer server = start(Config.defaults())) {
      for (String[] request :
          new String[][] {
            {"/length", "application/octet-stream", "x".repeat(2000)},
            {"/files", "multipart/form-data; boundary=" + BOUNDARY, multipart(2000)}
          }) {
        try (Socket stalled = new Socket("127.0.0.1", server.port())) {
          byte[] body = request[2].getBytes(StandardCharsets.US_ASCII);
          send(stalled, head(request[0], request[1], body.length) + request[2].substring(0, 100));
          HttpResponse<String> ping =
              http.send(
                  HttpRequest.newBuilder(URI.create(url(server, "/"))).build(),
                  HttpResponse.BodyHandlers.ofString());
          assertEquals(200, ping.statusCode());
          String answer = answer(stalled);
          assertTrue(answer.startsWith("HTTP/1.1 408 "), request[0] + ": " + answer);
          // Carafe's error page, with what went wrong and the security headers.
          assertTrue(
              answer.contains("<p>The request body arrived slower than 240 bytes per second"),
              answer);
          assertTrue(answer.contains("X-Frame-Options: SAMEORIGIN"), answer);
        }
      }
    }
  }

  private static DevServer start(Config config) throws Exception {
    DevServer server =
        DevServer.builder(ClassPathApp.class.getName())
            .port(0)
            .config(() -> config)
            .console(new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8))
            .start();
    assertTrue(server.awaitReady(Duration.ofMinutes(1)));
    return server;
  }

  private static String url(DevServer server, String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
