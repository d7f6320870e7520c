package dev.carafe.prod;

import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What a worker's request metrics add to a request: finding the series of its endpoint, method and
 * status and recording its duration in the histogram, through the app's registry ({@code
 * app.metrics()}) as a worker does, and straight into the Prometheus registry as a baseline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RequestMetricsBenchmark {
  private RequestMetrics throughTheApp;
  private RequestMetrics direct;
  private long nanos;

  /** Both registries, with the series of the benchmark already made, as after a warm-up. */
  @Setup
  public void registries() {
    CompositeMeterRegistry app = new CompositeMeterRegistry();
    app.add(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    throughTheApp = new RequestMetrics(app, () -> 0, () -> 0);
    direct =
        new RequestMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> 0, () -> 0);
  }

  /** A worker's request: the app's registry, which forwards to the worker's Prometheus one. */
  @Benchmark
  public void carafe() {
    throughTheApp.record("api.hello", "GET", 200, nanos++ & 0xFFFFF);
  }

  /** The Prometheus registry alone, without the app's registry in front. */
  @Benchmark
  public void prometheusAlone() {
    direct.record("api.hello", "GET", 200, nanos++ & 0xFFFFF);
  }
}
