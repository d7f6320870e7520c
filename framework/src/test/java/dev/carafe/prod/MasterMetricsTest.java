package dev.carafe.prod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The master's one scrape target over real workers' metrics ports. */
class MasterMetricsTest {
  private final List<AutoCloseable> started = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : started) {
      c.close();
    }
  }

  private static Bind freeLoopback() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return Bind.parse("127.0.0.1:" + socket.getLocalPort());
    }
  }

  /** A worker's metrics, with an app meter counted {@code orders} times. */
  private int worker(int id, int orders) throws Exception {
    CompositeMeterRegistry app = new CompositeMeterRegistry();
    WorkerMetrics metrics = new WorkerMetrics(id, app);
    started.add(metrics);
    Counter.builder("shop.orders").register(app).increment(orders);
    return metrics.listen();
  }

  private static HttpResponse<String> get(Bind bind, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://" + bind + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void oneScrapeHasEveryWorkersSeriesLabelledAndTheMastersOwn() throws Exception {
    Bind bind = freeLoopback();
    MasterMetrics master = MasterMetrics.start(bind).orElseThrow();
    started.add(master);
    master.workerAt(1, worker(1, 3));
    master.workerAt(2, worker(2, 5));
    MasterState state =
        MasterState.initial(
            new MasterState.Rules(
                "App",
                "http://127.0.0.1:8000",
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                false,
                2,
                "256m"));
    state.countRestart(MasterState.Restart.DIED);
    master.observe(state);

    HttpResponse<String> scrape = get(bind, "/metrics");
    assertEquals(200, scrape.statusCode());
    assertEquals(
        Optional.of("text/plain; version=0.0.4; charset=utf-8"),
        scrape.headers().firstValue("Content-Type"));
    String body = scrape.body();
    assertTrue(body.contains("shop_orders_total{worker=\"1\"} 3.0"), body);
    assertTrue(body.contains("shop_orders_total{worker=\"2\"} 5.0"), body);
    assertEquals(1, body.lines().filter(l -> l.equals("# TYPE shop_orders_total counter")).count());
    assertTrue(body.contains("carafe_worker_restarts_total{reason=\"died\"} 1.0"), body);
    assertTrue(body.contains("carafe_worker_restarts_total{reason=\"unresponsive\"} 0.0"), body);
    assertTrue(body.contains("carafe_generation 1.0"), body);

    master.workerGone(2);
    assertFalse(get(bind, "/metrics").body().contains("worker=\"2\""));
    assertEquals(404, get(bind, "/").statusCode());
  }

  @Test
  void aWorkerThatDoesNotAnswerIsLeftOutOfTheScrape() throws Exception {
    Bind bind = freeLoopback();
    MasterMetrics master = MasterMetrics.start(bind).orElseThrow();
    started.add(master);
    master.workerAt(1, worker(1, 3));
    master.workerAt(2, freeLoopback().port());
    String body = get(bind, "/metrics").body();
    assertTrue(body.contains("shop_orders_total{worker=\"1\"} 3.0"), body);
  }

  @Test
  void anAddressInUseLeavesTheServerWithoutMetricsRatherThanNotServing() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertEquals(
          Optional.empty(), MasterMetrics.start(Bind.parse("127.0.0.1:" + taken.getLocalPort())));
    }
  }
}
