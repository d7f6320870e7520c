package dev.carafe.bench.hostile;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * TTIN four times, then TTOU four times, to the production master while eight keep-alive clients
 * ask for the JSON hello as fast as they can: the pool grows by four and shrinks back, and the load
 * counts what it lost on the way.
 */
final class WorkerSignals implements Attack {
  static final int SIGNALS = 4;
  private static final int LOAD_CONNECTIONS = 8;
  private static final long MAX_LOAD_REQUESTS = 2_000_000;
  private static final Duration BETWEEN = Duration.ofMillis(500);
  private static final Duration FAILURE_PAUSE = Duration.ofMillis(20);

  @Override
  public Outcome run(Context context) throws Exception {
    Target target = context.target();
    if (!target.hasMaster()) {
      return new Outcome(0, "skipped: the development server has no master");
    }
    long started = System.nanoTime();
    long deadline = context.deadline(started);
    AtomicLong requests = new AtomicLong();
    Tally failed = new Tally();
    List<Thread> load = new ArrayList<>();
    for (int i = 0; i < LOAD_CONNECTIONS; i++) {
      Thread thread =
          new Thread(() -> load(target, deadline, requests, failed), "signal-load-" + i);
      thread.setDaemon(true);
      load.add(thread);
      thread.start();
    }
    int before = Workers.of(target).pids().size();
    Thread.sleep(1000);
    for (int i = 0; i < SIGNALS; i++) {
      signal("TTIN", target.pid());
      Thread.sleep(BETWEEN.toMillis());
    }
    // Growing takes new JVMs' start and warm-up: the larger share of the budget.
    long growDeadline = started + (deadline - started) * 2 / 3;
    String grown = awaitCount(target, before + SIGNALS, growDeadline, started);
    for (int i = 0; i < SIGNALS; i++) {
      signal("TTOU", target.pid());
      Thread.sleep(BETWEEN.toMillis());
    }
    String shrunk = awaitCount(target, before, deadline, started);
    for (Thread thread : load) {
      thread.join(Duration.ofSeconds(20).toMillis());
    }
    return new Outcome(
        requests.get(),
        String.format(
            Locale.ROOT,
            "workers %d → %s → %s; the load's own requests: %d, failed: %s",
            before,
            grown,
            shrunk,
            requests.get(),
            failed.total() == 0 ? "none" : failed.toString()));
  }

  /** Waits until the master has {@code count} children; tells how many it had, and when. */
  private static String awaitCount(Target target, int count, long deadline, long started)
      throws InterruptedException {
    int now = Workers.of(target).pids().size();
    while (now != count && System.nanoTime() < deadline) {
      Thread.sleep(200);
      now = Workers.of(target).pids().size();
    }
    long seconds = (System.nanoTime() - started) / 1_000_000_000;
    return now == count
        ? String.format(Locale.ROOT, "%d (at %d s)", now, seconds)
        : String.format(Locale.ROOT, "%d, not %d, at %d s", now, count, seconds);
  }

  private static void signal(String name, long pid) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(pid)).inheritIO().start();
    kill.waitFor();
  }

  /** After a failure: a tight loop of refusals would only take the CPU that new workers need. */
  private static void pause() {
    try {
      Thread.sleep(FAILURE_PAUSE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void load(Target target, long deadline, AtomicLong requests, Tally failed) {
    HttpConnection connection = null;
    byte[] head = HttpConnection.head(target, "GET", "/api/hello", List.of(), -1);
    while (System.nanoTime() < deadline
        && requests.incrementAndGet() <= MAX_LOAD_REQUESTS
        && !Thread.currentThread().isInterrupted()) {
      try {
        if (connection == null || !connection.reusable()) {
          if (connection != null) {
            connection.close();
          }
          connection = HttpConnection.open(target, Duration.ofSeconds(5));
        }
        int status = connection.exchange(head, new byte[0], Duration.ofSeconds(10)).status();
        if (status != 200) {
          failed.add(status);
          pause();
        }
      } catch (IOException e) {
        failed.add(e);
        if (connection != null) {
          connection.close();
          connection = null;
        }
        pause();
      }
    }
    if (connection != null) {
      connection.close();
    }
  }
}
