package dev.carafe.bench.hostile;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A well-behaved client beside an attack: a few keep-alive connections, each asking for the JSON
 * hello and the home page in turn with a pause between requests, as a browser would; a request that
 * meets a kept-alive connection closed under it is sent once more on a new one, as browsers do. It
 * counts its own failures (an error, a timeout or a status other than 200) and latencies.
 */
final class HealthyClient {
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final List<String> PATHS = List.of("/api/hello", "/");
  private static final int LOOPS = 2;
  private static final long PAUSE_MS = 50;
  private static final int MAX_REQUESTS = 20_000;

  private final Target target;
  private final long hardStop;
  private final List<Thread> threads = new ArrayList<>();
  private final List<Long> latencies = new ArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final Tally failures = new Tally();
  private volatile boolean running = true;

  /**
   * What the client saw: requests sent, how many failed and how ({@link Tally}), the 99th
   * percentile latency.
   */
  record Stats(int requests, int failed, String failures, double p99Millis) {}

  private HealthyClient(Target target, Duration limit) {
    this.target = target;
    this.hardStop = System.nanoTime() + limit.toNanos();
  }

  /** Starts asking; it stops by itself after {@code limit} at the latest. */
  static HealthyClient start(Target target, Duration limit) {
    HealthyClient client = new HealthyClient(target, limit);
    for (int i = 0; i < LOOPS; i++) {
      Thread thread = new Thread(client.new Loop(), "healthy-client-" + i);
      thread.setDaemon(true);
      client.threads.add(thread);
      thread.start();
    }
    return client;
  }

  /** One keep-alive connection's requests, one after another. */
  private final class Loop implements Runnable {
    private HttpConnection connection;

    @Override
    public void run() {
      int turn = 0;
      while (running
          && System.nanoTime() < hardStop
          && requests.incrementAndGet() <= MAX_REQUESTS) {
        long started = System.nanoTime();
        String failure = ask(PATHS.get(turn++ % PATHS.size()));
        long elapsed = System.nanoTime() - started;
        synchronized (latencies) {
          latencies.add(elapsed);
        }
        if (failure != null) {
          failed.incrementAndGet();
          failures.add(failure);
        }
        try {
          Thread.sleep(PAUSE_MS);
        } catch (InterruptedException e) {
          break;
        }
      }
      drop();
    }

    /** Asks for {@code path}; null when it was answered 200, else what went wrong. */
    private String ask(String path) {
      for (int attempt = 0; attempt < 2; attempt++) {
        try {
          if (connection == null || !connection.reusable()) {
            drop();
            connection = HttpConnection.open(target, TIMEOUT);
          }
        } catch (IOException cannotConnect) {
          return Tally.kind(cannotConnect);
        }
        boolean reused = connection.reused();
        try {
          byte[] head = HttpConnection.head(target, "GET", path, List.of("Accept: */*"), -1);
          int status = connection.exchange(head, new byte[0], TIMEOUT).status();
          return status == 200 ? null : String.valueOf(status);
        } catch (IOException e) {
          drop();
          // Only a kept-alive connection closed under the request is worth another try.
          if (!reused || attempt == 1 || e instanceof SocketTimeoutException) {
            return Tally.kind(e);
          }
        }
      }
      throw new AssertionError("unreachable");
    }

    private void drop() {
      if (connection != null) {
        connection.close();
        connection = null;
      }
    }
  }

  /** Stops asking, waits for the requests under way, and tells what it saw. */
  Stats stop() throws InterruptedException {
    running = false;
    for (Thread thread : threads) {
      thread.join(TIMEOUT.multipliedBy(3).toMillis());
    }
    List<Long> sorted;
    synchronized (latencies) {
      sorted = new ArrayList<>(latencies);
    }
    sorted.sort(null);
    double p99 =
        sorted.isEmpty()
            ? Double.NaN
            : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1))
                / 1e6;
    return new Stats(sorted.size(), failed.get(), failures.toString(), p99);
  }
}
