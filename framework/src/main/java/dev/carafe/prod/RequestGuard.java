package dev.carafe.prod;

import dev.carafe.internal.ServerView.EarlyMatch;
import dev.carafe.internal.TrustedProxies;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;

/**
 * The Jetty handlers a worker puts in front of the app, one job each, outermost first: {@link
 * RequestCounter} (in flight, max_requests), {@link RequestMetrics} (when metrics are on), {@link
 * AccessLogging} (the line per request), {@link RequestIds}, {@link ClosingConnections} (while
 * draining), {@link RequestTimeout} and {@link Dispatch} (the I/O thread or the request pool).
 * Every request passes them all, the warm-up's too, so the JIT compiles the very code clients'
 * requests take.
 */
final class RequestGuard {
  /** The request attribute holding the request id, for apps that log it. */
  static final String REQUEST_ID = RequestIds.ATTRIBUTE;

  private final Optional<AccessLog> accessLog;
  private final long requestLimit;
  private final RequestCounter counter;
  private final ClosingConnections closing = new ClosingConnections();
  private final Dispatch dispatch;
  private final Optional<RequestMetrics> metrics;
  private final List<Handler.Wrapper> outermostFirst = new ArrayList<>();

  /** Guards for a worker; {@code meters}, when present, get the {@link RequestMetrics}. */
  RequestGuard(
      TrustedProxies trusted,
      Optional<AccessLog> accessLog,
      Duration timeout,
      long requestLimit,
      Runnable onLimit,
      Optional<BiFunction<String, String, EarlyMatch>> nonBlockingViews,
      Optional<MeterRegistry> meters) {
    this.accessLog = accessLog;
    this.requestLimit = requestLimit;
    this.counter = new RequestCounter(onLimit);
    this.dispatch = new Dispatch(nonBlockingViews);
    this.metrics =
        meters.map(m -> new RequestMetrics(m, counter::inFlight, () -> progress().waiting()));
    outermostFirst.add(counter);
    metrics.ifPresent(outermostFirst::add);
    accessLog.ifPresent(log -> outermostFirst.add(new AccessLogging(log, trusted)));
    outermostFirst.add(new RequestIds(trusted));
    outermostFirst.add(closing);
    outermostFirst.add(new RequestTimeout(timeout, AccessLogging::writeBeforeAnswer));
    outermostFirst.add(dispatch);
  }

  /** Puts the handlers between {@code server} and the handler it has (Javalin's). */
  void insertInto(Server server) {
    for (int i = outermostFirst.size() - 1; i >= 0; i--) {
      server.insertHandler(outermostFirst.get(i));
    }
  }

  /**
   * Ends the warm-up: once its last requests are done, their log lines and metrics are dropped and
   * the count toward max_requests starts. Warm-up requests run every line of code that clients'
   * requests do (a branch the JIT never saw taken costs a recompilation on clients' time) and
   * differ in data only.
   */
  void serving() throws InterruptedException {
    counter.awaitIdle(1_000);
    accessLog.ifPresent(AccessLog::startWriting);
    metrics.ifPresent(RequestMetrics::startCounting);
    counter.startCounting(requestLimit);
  }

  /** What the app has done with its requests, for the heartbeat. */
  Progress progress() {
    return dispatch.progress();
  }

  /** Requests being served now. */
  int inFlight() {
    return counter.inFlight();
  }

  /** From now on every response says {@code Connection: close} (see {@link ClosingConnections}). */
  void closeConnections() {
    closing.close();
  }
}
