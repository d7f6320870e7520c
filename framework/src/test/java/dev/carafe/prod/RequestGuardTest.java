package dev.carafe.prod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.internal.TrustedProxies;
import dev.carafe.test.CarafeTest;
import io.javalin.Javalin;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import kong.unirest.core.UnirestInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The request guard inside a real worker server: request ids, the request timeout, the log. */
class RequestGuardTest {
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private AccessLog accessLog;
  private final AtomicInteger limitReached = new AtomicInteger();
  private Javalin server;
  private RequestGuard guard;
  private UnirestInstance client;
  private Map<String, String> settingsGiven = Map.of();
  private int port;

  private void start(String trusted, long requestLimit) throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Config.Builder builder =
        Config.builder()
            .set("bind", "127.0.0.1:" + port)
            .set("request_timeout", "0.5")
            .set("warmup_requests", "20");
    settingsGiven.forEach(builder::set);
    Config config = builder.build();
    ProdConfig settings = ProdConfig.from(config);
    Carafe app = Carafe.create(config);
    app.get("/hello", req -> Map.of("message", "hi"));
    app.get("/page", req -> "<p>Carafe</p>\n".repeat(500));
    app.get(
        "/slow",
        req -> {
          Thread.sleep(3_000);
          return "finally";
        });
    ServerTuning tuning = new ServerTuning(settings);
    accessLog = new AccessLog(log, 7);
    guard =
        new RequestGuard(
            TrustedProxies.parse(trusted),
            Optional.of(accessLog),
            settings.requestTimeout(),
            requestLimit,
            limitReached::incrementAndGet);
    server = app.createServer(c -> tuning.apply(c, guard)).start();
    Warmup.run(
        tuning.warmupPort(), settings.warmupPathsFor(app), 20, java.time.Duration.ofSeconds(10));
    tuning.endWarmup(server.jettyServer().server());
    guard.serving();
    tuning.listen(server.jettyServer().server());
    client = CarafeTest.client("http://127.0.0.1:" + port);
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      // Unirest keeps its connection open: a graceful stop would wait the drain's idle timeout.
      server.jettyServer().server().setStopTimeout(0);
      server.stop();
    }
    if (accessLog != null) {
      accessLog.close();
    }
  }

  @Test
  void aRequestPastTheRequestTimeoutIsAnswered503() throws Exception {
    start("127.0.0.1", 0);
    var slow = client.get("/slow").asString();
    assertEquals(503, slow.getStatus());
    assertTrue(slow.getBody().contains("Service Unavailable"), slow.getBody());
    assertEquals(200, client.get("/hello").asString().getStatus());
    assertTrue(awaitLog().contains("\"timed_out\":true"), log());
  }

  @Test
  void aWorkerLeavesCompressionToNginxUnlessToldToGzip() throws Exception {
    start("127.0.0.1", 0);
    HttpResponse<byte[]> plain = getAcceptingGzip("/page");
    assertEquals(Optional.empty(), plain.headers().firstValue("Content-Encoding"));
    assertEquals(7_000, plain.body().length);
    stop();
    settingsGiven = Map.of("gzip", "true");
    start("127.0.0.1", 0);
    HttpResponse<byte[]> gzipped = getAcceptingGzip("/page");
    assertEquals(Optional.of("gzip"), gzipped.headers().firstValue("Content-Encoding"));
    assertTrue(gzipped.body().length < 1_000, "gzip body of " + gzipped.body().length);
  }

  /** Unirest would unpack gzip and hide it; the JDK's client shows the bytes as sent. */
  private HttpResponse<byte[]> getAcceptingGzip(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept-Encoding", "gzip")
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void everyResponseCarriesANewRequestId() throws Exception {
    start("127.0.0.1", 0);
    String first = client.get("/hello").asString().getHeaders().getFirst("X-Request-Id");
    String second = client.get("/hello").asString().getHeaders().getFirst("X-Request-Id");
    assertTrue(first.matches("[0-9a-f]{32}"), first);
    assertNotEquals(first, second);
  }

  @Test
  void aTrustedProxysRequestIdIsKept() throws Exception {
    start("127.0.0.1", 0);
    var response = client.get("/hello").header("X-Request-Id", "edge-42").asString();
    assertEquals("edge-42", response.getHeaders().getFirst("X-Request-Id"));
  }

  @Test
  void anUntrustedPeersRequestIdIsReplaced() throws Exception {
    start("10.0.0.0/8", 0);
    var response = client.get("/hello").header("X-Request-Id", "forged").asString();
    assertNotEquals("forged", response.getHeaders().getFirst("X-Request-Id"));
  }

  @Test
  void theAccessLogHasOneJsonLinePerRequest() throws Exception {
    start("127.0.0.1", 0);
    var response =
        client
            .get("/hello")
            .header("X-Forwarded-For", "203.0.113.9")
            .header("X-Request-Id", "abc")
            .asString();
    assertEquals(200, response.getStatus());
    String[] lines = awaitLog().strip().split("\n");
    assertEquals(1, lines.length, log()); // the warm-up requests are not logged
    JsonNode line = new ObjectMapper().readTree(lines[0]);
    assertEquals("GET", line.get("method").asText());
    assertEquals("/hello", line.get("path").asText());
    assertEquals(200, line.get("status").asInt());
    assertEquals(response.getBody().length(), line.get("bytes").asInt());
    assertEquals("203.0.113.9", line.get("ip").asText());
    assertEquals("abc", line.get("request_id").asText());
    assertEquals(7, line.get("worker").asInt());
    Instant time = Instant.parse(line.get("time").asText());
    assertTrue(Duration.between(time, Instant.now()).abs().toSeconds() < 60, lines[0]);
    assertTrue(line.get("time").asText().matches(".*T\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), lines[0]);
    assertTrue(
        line.get("duration_ms").isNumber() && line.get("duration_ms").asDouble() >= 0, lines[0]);
  }

  @Test
  void aDrainingWorkerTellsEveryClientToCloseItsConnection() throws Exception {
    start("127.0.0.1", 0);
    assertNotEquals("close", client.get("/hello").asString().getHeaders().getFirst("Connection"));
    guard.closeConnections();
    assertEquals("close", client.get("/hello").asString().getHeaders().getFirst("Connection"));
  }

  @Test
  void theRequestLimitIsReportedOnce() throws Exception {
    start("127.0.0.1", 3);
    for (int i = 0; i < 5; i++) {
      assertEquals(200, client.get("/hello").asString().getStatus());
    }
    assertEquals(1, limitReached.get());
  }

  /** The log once it has a line: a request is logged as it completes, after the client has it. */
  private String awaitLog() throws InterruptedException {
    for (int i = 0; i < 100 && log().isEmpty(); i++) {
      Thread.sleep(50);
    }
    return log();
  }

  private String log() {
    accessLog.flush();
    return log.toString(StandardCharsets.UTF_8);
  }
}
