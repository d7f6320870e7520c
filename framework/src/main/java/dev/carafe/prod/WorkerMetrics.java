package dev.carafe.prod;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.util.thread.ThreadPool;

/**
 * A worker's metrics: the app's meters and Carafe's ({@link RequestMetrics}, the request pool, the
 * JVM), kept in a Prometheus registry that labels every series with the worker's id and served at
 * {@code /metrics} on a loopback port of the worker's own, which the master scrapes ({@link
 * MasterMetrics}). Clients never reach it: the app's listener does not serve it.
 */
final class WorkerMetrics implements AutoCloseable {
  /** The Prometheus text format, version 0.0.4, as every Prometheus server reads it. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final CompositeMeterRegistry appMeters;
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private HttpServer server;

  /** Worker {@code worker}'s registry, added to the app's meters ({@code app.metrics()}). */
  WorkerMetrics(int worker, CompositeMeterRegistry appMeters) {
    this.appMeters = appMeters;
    registry.config().commonTags("worker", String.valueOf(worker));
    appMeters.add(registry);
    new JvmMemoryMetrics().bindTo(appMeters);
    gc.bindTo(appMeters);
    new JvmThreadMetrics().bindTo(appMeters);
    new ClassLoaderMetrics().bindTo(appMeters);
    new ProcessorMetrics().bindTo(appMeters);
    new FileDescriptorMetrics().bindTo(appMeters);
    new UptimeMetrics().bindTo(appMeters);
  }

  /** Where the request meters go: the app's registry, so an added registry gets them too. */
  MeterRegistry meters() {
    return appMeters;
  }

  /** Adds the request pool's threads: busy, idle, the most it may have, and its queue. */
  void bindRequestPool(ThreadPool pool) {
    new JettyServerThreadPoolMetrics(pool, Tags.empty()).bindTo(appMeters);
  }

  /** Serves {@code /metrics} on a free loopback port and returns the port. */
  int listen() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/", this::answer);
    server.start();
    return server.getAddress().getPort();
  }

  private void answer(HttpExchange exchange) throws IOException {
    try {
      if (!exchange.getRequestURI().getPath().equals("/metrics")) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
    }
    gc.close();
    appMeters.remove(registry);
    registry.close();
  }
}
