package dev.carafe.prod;

import dev.carafe.internal.ServerView;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Times every request for the worker's metrics: {@code http.server.requests}, a histogram by
 * endpoint, method and status. The endpoint is the route's name, never the raw path, so there is
 * one series per route and status however many URLs clients make up; a request no route matched
 * counts as {@value #UNMATCHED}. Also the requests in flight and those waiting for a thread.
 *
 * <p>The warm-up's requests are timed like clients' ones, so the JIT compiles the code clients
 * take, and their series are dropped when the worker starts serving.
 */
final class RequestMetrics extends Handler.Wrapper {
  /** The endpoint of a request that matched no route. */
  static final String UNMATCHED = "unmatched";

  /** Prometheus' default buckets, with 1 and 2.5 ms for the views that answer from memory. */
  private static final Duration[] BUCKETS = {
    Duration.ofMillis(1),
    Duration.ofNanos(2_500_000),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2_500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30)
  };

  /** One series of the histogram. */
  private record Series(String endpoint, String method, int status) {}

  private final MeterRegistry registry;
  private final ConcurrentMap<Series, Timer> timers = new ConcurrentHashMap<>();

  /** Times requests into {@code registry}; {@code inFlight} and {@code waiting} become gauges. */
  RequestMetrics(MeterRegistry registry, IntSupplier inFlight, IntSupplier waiting) {
    this.registry = registry;
    Gauge.builder("http.server.requests.active", inFlight::getAsInt)
        .description("Requests being served")
        .strongReference(true)
        .register(registry);
    Gauge.builder("http.server.requests.waiting", waiting::getAsInt)
        .description("Requests and new connections waiting for a request thread")
        .strongReference(true)
        .register(registry);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    return super.handle(request, response, new Timed(request, response, callback));
  }

  /** Drops the series recorded so far (the warm-up's): clients' requests count from now on. */
  void startCounting() {
    for (Timer timer : timers.values()) {
      registry.remove(timer);
    }
    timers.clear();
  }

  /**
   * Counts a request of {@code method} for {@code endpoint} (a String, or none) that took this
   * long.
   */
  void record(Object endpoint, String method, int status, long nanos) {
    Series series =
        new Series(endpoint instanceof String name ? name : UNMATCHED, method(method), status);
    Timer timer = timers.get(series);
    if (timer == null) {
      timer = timers.computeIfAbsent(series, this::timer);
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  private Timer timer(Series series) {
    return Timer.builder("http.server.requests")
        .description("Requests served, by endpoint (the route's name), method and status")
        .tag("endpoint", series.endpoint())
        .tag("method", series.method())
        .tag("status", String.valueOf(series.status()))
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }

  /** The method, or {@code OTHER} for one HTTP does not define: clients cannot add series. */
  private static String method(String method) {
    return switch (method) {
      case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE" -> method;
      default -> "OTHER";
    };
  }

  private final class Timed extends Callback.Nested {
    private final Request request;
    private final Response response;
    private final long started = System.nanoTime();

    Timed(Request request, Response response, Callback callback) {
      super(callback);
      this.request = request;
      this.response = response;
    }

    @Override
    public void succeeded() {
      done();
      super.succeeded();
    }

    @Override
    public void failed(Throwable failure) {
      done();
      super.failed(failure);
    }

    private void done() {
      record(
          request.getAttribute(ServerView.ENDPOINT),
          request.getMethod(),
          response.getStatus(),
          System.nanoTime() - started);
    }
  }
}
