package dev.carafe.prod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.RawHttp;
import dev.carafe.internal.ServerView;
import dev.carafe.internal.TrustedProxies;
import dev.carafe.test.CarafeTest;
import io.javalin.Javalin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
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
  private static final int BIG = 16 << 20;
  private final AtomicInteger waiting = new AtomicInteger();
  private final CountDownLatch release = new CountDownLatch(1);

  /**
   * Where a view runs: inside the dispatcher's own call from Jetty, on the I/O thread that read the
   * request, or on a pool thread the dispatcher handed the request to.
   */
  private static String runningOn() {
    boolean inDispatchersCall =
        StackWalker.getInstance()
            .walk(
                frames ->
                    frames.anyMatch(
                        f ->
                            f.getClassName().equals(Dispatch.class.getName())
                                && f.getMethodName().equals("handle")));
    return inDispatchersCall ? "io" : "pool";
  }

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
    app.get("/client", req -> req.remoteAddr());
    app.get("/page", req -> "<p>Carafe</p>\n".repeat(500));
    app.get("/io", req -> Map.of("thread", runningOn())).nonBlocking();
    app.get("/pool", req -> Map.of("thread", runningOn()));
    app.post(
            "/io",
            req ->
                Map.of("thread", runningOn(), "bytes", req.javalinContext().bodyAsBytes().length))
        .nonBlocking()
        .csrfExempt();
    app.get("/big", req -> "x".repeat(BIG)).nonBlocking();
    app.get(
        "/wait",
        req -> {
          waiting.incrementAndGet();
          return release.await(20, TimeUnit.SECONDS) ? "released" : "never released";
        });
    app.post("/upload", req -> req.javalinContext().bodyAsBytes().length).csrfExempt();
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
            limitReached::incrementAndGet,
            Dispatch.nonBlockingViewsOf(app),
            Optional.empty());
    server = ServerView.of(app).createServer(c -> tuning.apply(c, guard)).start();
    Warmup.run(
        tuning.warmupPort(),
        settings.warmupPathsFor(app),
        new Warmup.Plan(20, java.time.Duration.ofSeconds(10), 0));
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
  void theRequestTimeoutsAnswerIsCarafesErrorPage() throws Exception {
    start("127.0.0.1", 0);
    var json = client.get("/slow").header("Accept", "application/json").asString();
    assertEquals(503, json.getStatus());
    assertEquals("application/problem+json", json.getHeaders().getFirst("Content-Type"));
    JsonNode problem = new ObjectMapper().readTree(json.getBody());
    assertEquals("Service Unavailable", problem.get("title").asText());
    assertTrue(
        problem
            .get("detail")
            .asText()
            .startsWith("The request took longer than 0.5 s (request id "),
        json.getBody());
    var page = client.get("/slow").header("Accept", "text/html").asString();
    assertEquals(503, page.getStatus());
    assertEquals("text/html; charset=utf-8", page.getHeaders().getFirst("Content-Type"));
    assertTrue(page.getBody().contains("<h1>Service Unavailable</h1>"), page.getBody());
    assertEquals("SAMEORIGIN", page.getHeaders().getFirst("X-Frame-Options"));
  }

  @Test
  void whatJettyRefusesOnAWorkerIsCarafesErrorPage() throws Exception {
    // Werkzeug's server answers a malformed request line itself too (400), before Flask runs.
    start("127.0.0.1", 0);
    String answer =
        RawHttp.exchange(port, "GET /  HTTP/1.1 x\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertEquals(400, RawHttp.status(answer), answer);
    assertTrue(RawHttp.hasHeader(answer, "Content-Type", "text/html; charset=utf-8"), answer);
    assertTrue(answer.contains("<h1>Bad Request</h1>"), answer);
    assertTrue(RawHttp.hasHeader(answer, "X-Frame-Options", "SAMEORIGIN"), answer);
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
  void theAccessLogNamesTheClientTheAppSees() throws Exception {
    start("127.0.0.1", 0);
    for (String forwarded : List.of("203.0.113.9", "198.51.100.2, 127.0.0.1", "")) {
      String seen = client.get("/client").header("X-Forwarded-For", forwarded).asString().getBody();
      String[] lines = awaitLog().strip().split("\n");
      assertEquals(seen, new ObjectMapper().readTree(lines[lines.length - 1]).get("ip").asText());
      log.reset();
    }
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

  @Test
  void aNonBlockingViewRunsOnTheThreadThatReadTheRequestOthersInThePool() throws Exception {
    start("127.0.0.1", 0);
    assertEquals("io", client.get("/io").asJson().getBody().getObject().getString("thread"));
    assertEquals("pool", client.get("/pool").asJson().getBody().getObject().getString("thread"));
    // A body could make the view wait for bytes the I/O thread has yet to read: the pool reads it.
    var posted = client.post("/io").body("a body of 20 bytes..").asJson().getBody().getObject();
    assertEquals("pool", posted.getString("thread"));
    assertEquals(20, posted.getInt("bytes"));
    var head = client.head("/io").asEmpty();
    assertEquals(200, head.getStatus());
  }

  @Test
  void aNonBlockingViewAnswersWhileEveryPoolThreadIsTaken() throws Exception {
    settingsGiven = Map.of("threads", "4", "request_timeout", "20");
    start("127.0.0.1", 0);
    // An open connection, as nginx keeps them: accepting a new one takes a pool thread in Jetty.
    HttpClient keptAlive = HttpClient.newHttpClient();
    HttpRequest io =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/io"))
            .timeout(Duration.ofSeconds(10))
            .build();
    assertEquals(200, keptAlive.send(io, HttpResponse.BodyHandlers.ofString()).statusCode());
    HttpClient others = HttpClient.newHttpClient();
    HttpRequest wait =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/wait")).build();
    List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      held.add(others.sendAsync(wait, HttpResponse.BodyHandlers.ofString()));
    }
    try {
      // Every pool thread that can take a request is in /wait; the rest of the work queues.
      int seen = -1;
      while (seen != waiting.get()) {
        seen = waiting.get();
        Thread.sleep(500);
      }
      assertTrue(seen > 0 && seen < held.size(), "views waiting: " + seen);
      assertEquals(200, keptAlive.send(io, HttpResponse.BodyHandlers.ofString()).statusCode());
      assertEquals(seen, waiting.get(), "the pool was still taken when /io answered");
    } finally {
      release.countDown();
    }
    for (CompletableFuture<HttpResponse<String>> response : held) {
      assertEquals("released", response.get(30, TimeUnit.SECONDS).body());
    }
  }

  @Test
  void theHeartbeatCountsTheRequestsThePoolFinishesRunsAndQueues() throws Exception {
    settingsGiven = Map.of("threads", "4", "request_timeout", "20");
    start("127.0.0.1", 0);
    long finished = guard.progress().finished();
    HttpRequest wait =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/wait")).build();
    List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
    HttpClient clients = HttpClient.newHttpClient();
    for (int i = 0; i < 12; i++) {
      held.add(clients.sendAsync(wait, HttpResponse.BodyHandlers.ofString()));
    }
    Progress busy;
    try {
      busy = await(p -> p.running() > 0 && p.running() == waiting.get() && p.waiting() > 0);
    } finally {
      release.countDown();
    }
    assertEquals(finished, busy.finished(), busy.toString());
    for (CompletableFuture<HttpResponse<String>> response : held) {
      assertEquals("released", response.get(30, TimeUnit.SECONDS).body());
    }
    await(p -> p.finished() == finished + held.size() && p.running() == 0 && p.waiting() == 0);
  }

  @Test
  void aSlowBodyAnsweredByTheRequestTimeoutGivesItsThreadBack() throws Exception {
    start("127.0.0.1", 0);
    long finished = guard.progress().finished();
    try (Socket slow = new Socket("127.0.0.1", port)) {
      OutputStream out = slow.getOutputStream();
      out.write(
          "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\nx"
              .getBytes(StandardCharsets.US_ASCII));
      await(p -> p.running() == 1);
      String head = readHead(slow.getInputStream());
      assertTrue(head.startsWith("HTTP/1.1 503"), head);
      // The client goes on sending its body slowly; the view's thread must not wait for it.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (guard.progress().finished() == finished && System.nanoTime() < deadline) {
        try {
          out.write('x');
        } catch (IOException closed) {
          break;
        }
        Thread.sleep(100);
      }
      await(p -> p.finished() == finished + 1 && p.running() == 0);
    }
  }

  /** Waits up to 20 s for the guard's progress to match; fails with the last one otherwise. */
  private Progress await(Predicate<Progress> condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    Progress progress = guard.progress();
    while (!condition.test(progress)) {
      assertTrue(System.nanoTime() < deadline, "progress: " + progress);
      Thread.sleep(20);
      progress = guard.progress();
    }
    return progress;
  }

  @Test
  void aClientThatDoesNotReadHoldsUpNobodyElse() throws Exception {
    start("127.0.0.1", 0);
    try (Socket slow = new Socket()) {
      slow.setReceiveBufferSize(4096);
      slow.connect(new InetSocketAddress("127.0.0.1", port));
      slow.getOutputStream().write("GET /big HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      Thread.sleep(500); // the response fills the socket's buffers and waits for the client
      // New connections go to the selectors in turn, so some of these share the slow one's.
      for (int i = 0; i < 8; i++) {
        HttpResponse<String> other =
            HttpClient.newHttpClient() // a connection of its own
                .send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/io"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertEquals(200, other.statusCode());
      }
      InputStream in = slow.getInputStream();
      String head = readHead(in);
      assertTrue(head.startsWith("HTTP/1.1 200"), head);
      long bytes = 0;
      byte[] buffer = new byte[1 << 16];
      boolean allX = true;
      // HTTP/1.0: the body is not chunked and ends when the server closes the connection.
      for (int n; (n = in.read(buffer)) > 0; bytes += n) {
        for (int i = 0; i < n; i++) {
          allX &= buffer[i] == 'x';
        }
      }
      assertEquals(BIG, bytes);
      assertTrue(allX, "the body arrived intact");
    }
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    return head.toString();
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
