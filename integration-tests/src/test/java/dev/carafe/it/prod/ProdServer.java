package dev.carafe.it.prod;

import dev.carafe.it.Launched;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** A real ./run-prod.sh on a free port, with helpers to find its master and workers. */
final class ProdServer implements AutoCloseable {
  static final String SECRET = "it-secret-0123456789abcdef0123456789";

  final Launched script;
  final int port;
  final Path pidFile;

  /** Where the master serves the metrics: a free port of each server's own. */
  final int metricsPort;

  private ProdServer(Launched script, int port, Path pidFile, int metricsPort) {
    this.script = script;
    this.port = port;
    this.pidFile = pidFile;
    this.metricsPort = metricsPort;
  }

  /**
   * Starts run-prod.sh with these flags plus a free --bind, a free --metrics-bind and a --pid file;
   * waits for readiness.
   */
  static ProdServer start(Map<String, String> env, String... flags) throws Exception {
    ProdServer server = launch(env, flags);
    server.script.awaitHttp(server.url("/readyz"), 200, Duration.ofMinutes(3));
    return server;
  }

  static ProdServer launch(Map<String, String> env, String... flags) throws IOException {
    int port = Launched.freePort();
    Path pid = Files.createTempFile("carafe-master-", ".pid");
    Files.delete(pid);
    Map<String, String> all = new HashMap<>();
    all.put("CARAFE_SECRET_KEY", SECRET);
    all.put("CARAFE_WARMUP_REQUESTS", "300");
    all.put("CARAFE_CLASSPATH", Path.of("target/test-classes").toAbsolutePath().toString());
    all.putAll(env);
    List<String> command = new ArrayList<>(List.of("./run-prod.sh", "--pid", pid.toString()));
    if (!List.of(flags).contains("--bind")) {
      command.addAll(List.of("--bind", "127.0.0.1:" + port));
    }
    int metricsPort = Launched.freePort();
    command.addAll(List.of("--metrics-bind", "127.0.0.1:" + metricsPort));
    command.addAll(List.of(flags));
    return new ProdServer(
        Launched.start(Launched.repo(), all, command.toArray(String[]::new)),
        port,
        pid,
        metricsPort);
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** The master's scrape of every worker's metrics and its own. */
  HttpResponse<String> metrics() throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /**
   * The sum over the workers of a counter's samples, or of a histogram's {@code _count}: the lines
   * of {@code metric} whose labels include each of {@code labels} ({@code endpoint="api.hello"}).
   */
  double sum(String metric, String... labels) throws IOException, InterruptedException {
    return metrics()
        .body()
        .lines()
        .filter(l -> l.startsWith(metric + "{") || l.startsWith(metric + " "))
        .filter(l -> Stream.of(labels).allMatch(l::contains))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  long masterPid() throws IOException {
    return Long.parseLong(Files.readString(pidFile).trim());
  }

  /** The master's workers (not its AOT cache recorder). */
  List<Long> workers() throws IOException {
    return Launched.workersOf(masterPid()).stream().map(ProcessHandle::pid).toList();
  }

  void signalMaster(String signal) throws Exception {
    Launched.kill(signal, masterPid());
  }

  /** Waits for a condition, failing with the server's output when it never holds. */
  void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      if (!script.process().isAlive()) {
        throw new AssertionError("The server exited before " + what + ":\n" + script.output());
      }
      Thread.sleep(100);
    }
    throw new AssertionError("Timed out waiting for " + what + ":\n" + script.output());
  }

  List<Long> workersQuietly() {
    try {
      return workers();
    } catch (IOException e) {
      return List.of();
    }
  }

  @Override
  public void close() {
    script.close();
    try {
      ProcessHandle.of(masterPid())
          .ifPresent(
              m -> {
                List<ProcessHandle> children = m.descendants().toList();
                m.destroyForcibly();
                children.forEach(ProcessHandle::destroyForcibly);
              });
    } catch (IOException | NumberFormatException gone) {
      // the master already removed its pid file
    }
  }
}
