package dev.carafe.prod;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's {@code /metrics}: one scrape target for the whole server. At each scrape it asks
 * every worker for its metrics over loopback ({@link WorkerMetrics}; each series carries a {@code
 * worker} label) and adds its own: workers replaced and why, reloads, workers by state and the
 * generation. A worker that does not answer in time is left out of that scrape.
 */
final class MasterMetrics implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MasterMetrics.class);
  private static final Duration WORKER_TIMEOUT = Duration.ofSeconds(2);

  /** What the master knew after its last decision, read by the meters at a scrape. */
  private record Observed(
      Map<MasterState.Restart, Long> restarts,
      long reloads,
      long failedReloads,
      Map<Pool.State, Long> workers,
      int generation) {}

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<Integer, Integer> workerPorts = new ConcurrentHashMap<>();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(WORKER_TIMEOUT).build();
  private final HttpServer server;
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "carafe-metrics");
            t.setDaemon(true);
            return t;
          });
  private volatile Observed observed = new Observed(Map.of(), 0, 0, Map.of(), 1);

  private MasterMetrics(HttpServer server) {
    this.server = server;
    for (MasterState.Restart why : MasterState.Restart.values()) {
      FunctionCounter.builder(
              "carafe.worker.restarts", this, m -> m.observed.restarts().getOrDefault(why, 0L))
          .description("Workers the master replaced, by why")
          .tag("reason", why.name().toLowerCase(Locale.ROOT))
          .register(registry);
    }
    FunctionCounter.builder("carafe.reloads", this, m -> m.observed.reloads())
        .description("Rolling reloads begun (HUP)")
        .register(registry);
    FunctionCounter.builder("carafe.reload.failures", this, m -> m.observed.failedReloads())
        .description("Rolling reloads that failed: the old generation kept serving")
        .register(registry);
    for (Pool.State state : Pool.State.values()) {
      Gauge.builder("carafe.workers", this, m -> m.observed.workers().getOrDefault(state, 0L))
          .description("Worker processes, by state")
          .tag("state", state.name().toLowerCase(Locale.ROOT))
          .register(registry);
    }
    Gauge.builder("carafe.generation", this, m -> m.observed.generation())
        .description("The generation of the code being served; each reload adds one")
        .register(registry);
    server.createContext("/", this::answer);
    server.setExecutor(thread);
  }

  /**
   * Serves {@code /metrics} on {@code bind}; empty, with a warning, when it cannot listen there
   * (the server runs without metrics rather than not at all).
   */
  static Optional<MasterMetrics> start(Bind bind) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(bind.host(), bind.port()), 64);
      MasterMetrics metrics = new MasterMetrics(server);
      server.start();
      LOG.info("Metrics on http://{}/metrics", bind);
      return Optional.of(metrics);
    } catch (IOException e) {
      LOG.warn(
          "Cannot serve metrics on {} ({}): serving without them. Choose another address with"
              + " --metrics-bind, or turn them off with --metrics-bind off.",
          bind,
          e.toString());
      return Optional.empty();
    }
  }

  /** Worker {@code worker} serves its metrics on loopback {@code port}. */
  void workerAt(int worker, int port) {
    workerPorts.put(worker, port);
  }

  /** Worker {@code worker} is gone. */
  void workerGone(int worker) {
    workerPorts.remove(worker);
  }

  /** Takes the figures the master's meters show from its state after a decision. */
  void observe(MasterState state) {
    Map<Pool.State, Long> workers = new EnumMap<>(Pool.State.class);
    state.workers().forEach(w -> workers.merge(w.state(), 1L, Long::sum));
    Map<MasterState.Restart, Long> restarts = new EnumMap<>(MasterState.Restart.class);
    for (MasterState.Restart why : MasterState.Restart.values()) {
      restarts.put(why, state.restarts(why));
    }
    observed =
        new Observed(restarts, state.reloads(), state.failedReloads(), workers, state.generation());
  }

  private void answer(HttpExchange exchange) throws IOException {
    try {
      if (!exchange.getRequestURI().getPath().equals("/metrics")) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] body = scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", WorkerMetrics.CONTENT_TYPE);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } finally {
      exchange.close();
    }
  }

  /** The master's own metrics and every worker's that answers, as one scrape. */
  String scrape() {
    List<CompletableFuture<String>> asked = new ArrayList<>();
    for (int port : workerPorts.values()) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
              .timeout(WORKER_TIMEOUT)
              .build();
      asked.add(
          client
              .sendAsync(request, HttpResponse.BodyHandlers.ofString())
              .thenApply(r -> r.statusCode() == 200 ? r.body() : "")
              .exceptionally(gone -> ""));
    }
    List<String> scrapes = new ArrayList<>();
    scrapes.add(registry.scrape());
    asked.forEach(answer -> scrapes.add(answer.join()));
    return ScrapeMerge.merge(scrapes);
  }

  @Override
  public void close() {
    server.stop(0);
    thread.shutdownNow();
    registry.close();
  }
}
