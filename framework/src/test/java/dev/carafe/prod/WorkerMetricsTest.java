package dev.carafe.prod;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.internal.ServerView;
import dev.carafe.internal.TrustedProxies;
import dev.carafe.test.CarafeTest;
import io.javalin.Javalin;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import kong.unirest.core.UnirestInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A worker's request metrics and logging context, inside a real worker server: the metrics port
 * answers Prometheus, each request counts once under its route's endpoint, and every line a request
 * logs carries its id.
 */
class WorkerMetricsTest {
  private static final org.slf4j.Logger VIEWS = LoggerFactory.getLogger("test.views");

  /** A line logged, with the request id of the logging context it was logged in (or none). */
  private record Line(String message, String requestId) {}

  private final List<Line> lines = new CopyOnWriteArrayList<>();
  private final AppenderBase<ILoggingEvent> capture =
      new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
          // Read on the logging thread: the event takes the context lazily.
          lines.add(
              new Line(event.getFormattedMessage(), event.getMDCPropertyMap().get("request_id")));
        }
      };
  private Javalin server;
  private WorkerMetrics metrics;
  private UnirestInstance client;
  private int metricsPort;

  @BeforeEach
  void start() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Config config =
        Config.builder()
            .set("bind", "127.0.0.1:" + port)
            .set("request_timeout", "1.5")
            .set("warmup_requests", "20")
            .build();
    ProdConfig settings = ProdConfig.from(config);
    Carafe app = Carafe.create(config);
    app.get("/hello", "hello", req -> Map.of("message", "hi"));
    app.get("/users/<int:id>", "user", req -> Map.of("id", req.intParam("id")));
    app.get(
        "/log",
        "log",
        req -> {
          VIEWS.info("the view of {} runs", req.path());
          return "logged";
        });
    app.get(
            "/log-inline",
            "log_inline",
            req -> {
              VIEWS.info("the non-blocking view runs");
              return "logged";
            })
        .nonBlocking();
    app.get(
        "/slow",
        "slow",
        req -> {
          Thread.sleep(3_000);
          return "too late";
        });
    app.teardownRequest((req, error) -> VIEWS.info("teardown of {}", req.path()));
    app.warmUp("/hello");
    metrics = new WorkerMetrics(7, app.metrics());
    RequestGuard guard =
        new RequestGuard(
            TrustedProxies.parse("127.0.0.1"),
            Optional.empty(),
            settings.requestTimeout(),
            0,
            () -> {},
            Dispatch.nonBlockingViewsOf(app),
            Optional.of(metrics.meters()));
    ServerTuning tuning = new ServerTuning(settings);
    server = ServerView.of(app).createServer(c -> tuning.apply(c, guard)).start();
    metrics.bindRequestPool(server.jettyServer().server().getThreadPool());
    Warmup.run(
        tuning.warmupPort(),
        settings.warmupPathsFor(app),
        new Warmup.Plan(20, Duration.ofSeconds(10), 0));
    tuning.endWarmup(server.jettyServer().server());
    guard.serving();
    tuning.listen(server.jettyServer().server());
    metricsPort = metrics.listen();
    client = CarafeTest.client("http://127.0.0.1:" + port);
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    capture.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    capture.start();
    root.addAppender(capture);
  }

  @AfterEach
  void stop() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(capture);
    client.close();
    server.jettyServer().server().setStopTimeout(0);
    server.stop();
    metrics.close();
  }

  @Test
  void theMetricsPortAnswersInThePrometheusTextFormat() throws Exception {
    client.get("/hello").asString();
    awaitCount("hello", "200", 1);
    HttpResponse<String> scrape = scrape();
    assertEquals(200, scrape.statusCode());
    assertEquals(
        Optional.of("text/plain; version=0.0.4; charset=utf-8"),
        scrape.headers().firstValue("Content-Type"));
    String body = scrape.body();
    assertTrue(body.contains("# TYPE http_server_requests_seconds histogram"), body);
    for (String gauge :
        List.of(
            "http_server_requests_active{worker=\"7\"}",
            "http_server_requests_waiting{worker=\"7\"}",
            "jetty_threads_busy{worker=\"7\"}",
            "jetty_threads_config_max{worker=\"7\"}",
            "jetty_threads_jobs{worker=\"7\"}",
            "jvm_memory_used_bytes{",
            "jvm_gc_",
            "jvm_threads_live_threads{worker=\"7\"}")) {
      assertTrue(body.contains(gauge), gauge + " in\n" + body);
    }
    assertEquals(404, get("/other").statusCode());
  }

  @Test
  void eachRequestCountsOnceUnderItsEndpointNeverItsPathAndTheWarmUpNotAtAll() throws Exception {
    assertEquals(0, count("hello", "200"), "the warm-up's 20 requests of /hello are dropped");
    for (int id = 1; id <= 5; id++) {
      assertEquals(200, client.get("/users/" + id).asString().getStatus());
    }
    assertEquals(404, client.get("/nowhere").asString().getStatus());
    assertEquals(404, client.get("/somewhere/else").asString().getStatus());
    assertEquals(200, client.get("/hello").asString().getStatus());
    awaitCount("user", "200", 5);
    awaitCount(RequestMetrics.UNMATCHED, "404", 2);
    awaitCount("hello", "200", 1);
    assertFalse(scrape().body().contains("/users/"), "a path became a label");
  }

  @Test
  void aRequestTheTimeoutAnswersCountsUnderItsEndpointAs503() throws Exception {
    assertEquals(503, client.get("/slow").asString().getStatus());
    awaitCount("slow", "503", 1);
  }

  @Test
  void everyLineARequestLogsCarriesItsIdWhereverItsViewRuns() throws Exception {
    client.get("/log").header("X-Request-Id", "pool-1").asString();
    client.get("/log-inline").header("X-Request-Id", "inline-1").asString();
    client.get("/slow").header("X-Request-Id", "slow-1").asString();
    awaitLine("teardown of /slow");
    assertEquals("pool-1", idOf("the view of /log runs"));
    assertEquals("pool-1", idOf("teardown of /log"));
    assertEquals("inline-1", idOf("the non-blocking view runs"));
    assertEquals("inline-1", idOf("teardown of /log-inline"));
    // The timeout answers on a thread of its own; the view's own thread keeps its id.
    assertEquals("slow-1", idOf("Request GET /slow ran past the request timeout"));
    assertEquals("slow-1", idOf("teardown of /slow"));
    VIEWS.info("after the requests");
    assertEquals(null, idOf("after the requests"));
  }

  private String idOf(String messageStart) {
    return lines.stream()
        .filter(l -> l.message().startsWith(messageStart))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line '" + messageStart + "' in " + lines))
        .requestId();
  }

  private void awaitLine(String messageStart) {
    await().until(() -> lines.stream().anyMatch(l -> l.message().startsWith(messageStart)));
  }

  /** Recorded when the response completes, a moment after the client has it. */
  private void awaitCount(String endpoint, String status, long expected) {
    await().untilAsserted(() -> assertEquals(expected, count(endpoint, status)));
  }

  /** The requests counted for a GET of {@code endpoint} answered {@code status}. */
  private long count(String endpoint, String status) throws Exception {
    return scrape()
        .body()
        .lines()
        .filter(
            l ->
                l.startsWith("http_server_requests_seconds_count{")
                    && l.contains("endpoint=\"" + endpoint + "\"")
                    && l.contains("method=\"GET\"")
                    && l.contains("status=\"" + status + "\""))
        .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  private HttpResponse<String> scrape() throws Exception {
    return get("/metrics");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
