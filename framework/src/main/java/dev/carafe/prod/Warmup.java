package dev.carafe.prod;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warms a new worker before it binds the shared port: keep-alive requests over a private loopback
 * socket run the very code clients will (selector, HTTP parsing, the request guard, Javalin, the
 * app, Jackson) until the JIT has compiled it, so the first clients do not meet a cold JVM. The
 * shared port cannot be used: the kernel hands a listener clients the moment it binds.
 *
 * <p>It is bounded by time ({@code warmup_time}, and {@code serve_within} from the JVM's start) and
 * by requests ({@code warmup_requests}), and ends sooner once its own throughput reaches a target:
 * a worker that starts from the AOT cache aims at a share of the rate the cache's recorder reached
 * at the end of its long warm-up.
 */
final class Warmup {
  /** The name of the private connector the warm-up uses. */
  static final String CONNECTOR = "carafe-warmup";

  private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);
  private static final int CLIENTS = 4;

  /** Requests per connection: clients' connections open and close too, and that code is warmed. */
  private static final int REQUESTS_PER_CONNECTION = 100;

  /**
   * The windows the rate is measured in: a few dozen requests of a cold worker, and short enough
   * that a worker binds soon after it reaches its target.
   */
  private static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /**
   * What a warm-up may spend: at most {@code requests} requests and {@code limit}, and it ends by
   * {@code endBy} (the worker's boot budget); it ends sooner when its rate reaches {@code target}
   * requests per second (none when 0). The first request of each path is made in any case.
   */
  record Plan(int requests, Duration limit, double target, Instant endBy) {
    /** A warm-up bounded by its own limits alone. */
    Plan(int requests, Duration limit, double target) {
      this(requests, limit, target, Instant.MAX);
    }

    /** What is left of the warm-up's time at {@code now}. */
    Duration left(Instant now) {
      Duration untilEnd = Duration.between(now, endBy);
      Duration left = untilEnd.compareTo(limit) < 0 ? untilEnd : limit;
      return left.isNegative() ? Duration.ZERO : left;
    }
  }

  /** What a warm-up did: requests sent, the time it took, its rate at the end, the target met. */
  record Result(long requests, Duration took, double rate, boolean targetMet) {
    static final Result NONE = new Result(0, Duration.ZERO, 0, false);
  }

  private Warmup() {}

  /** Sends GETs of the {@code paths} to {@code port}, each path from clients of its own. */
  static Result run(int port, List<String> paths, Plan plan) throws InterruptedException {
    if (plan.requests() <= 0 || paths.isEmpty()) {
      return Result.NONE;
    }
    long start = System.nanoTime();
    long deadline = start + plan.left(Instant.now()).toNanos();
    List<String> answering = answering(port, paths);
    if (answering.isEmpty()) {
      LOG.warn("No warm-up path answers 2xx or 3xx: the worker starts cold");
      return Result.NONE;
    }
    long probed = System.nanoTime();
    AtomicInteger next = new AtomicInteger();
    AtomicLong finished = new AtomicLong();
    Pacer pacer = new Pacer(deadline, finished, plan.target());
    pacer.start();
    // Each path has clients of its own, as many as the others: a path gets an equal share of the
    // time, not of the requests, so a cheap JSON view is not starved by a page ten times its cost.
    int perPath = Math.max(1, (CLIENTS + answering.size() - 1) / answering.size());
    Thread[] threads = new Thread[perPath * answering.size()];
    for (int t = 0; t < threads.length; t++) {
      String path = answering.get(t % answering.size());
      // Every other request comes as nginx sends it, the others straight.
      byte[][] shapes = {
        WarmupClient.request(path, port, false), WarmupClient.request(path, port, true)
      };
      threads[t] =
          new Thread(
              () -> {
                WarmupClient client = null;
                try {
                  int i;
                  while (!pacer.targetMet()
                      && (i = next.getAndIncrement()) < plan.requests()
                      && System.nanoTime() < deadline) {
                    pacer.awaitCpu();
                    if (client == null || client.sent() == REQUESTS_PER_CONNECTION) {
                      close(client);
                      client = new WarmupClient(port);
                    }
                    client.send(shapes[i % 2]);
                    finished.incrementAndGet();
                  }
                } catch (IOException e) {
                  LOG.debug("Warm-up client stopped: {}", e.toString());
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } finally {
                  close(client);
                }
              },
              "carafe-warmup-" + t);
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    pacer.interrupt();
    pacer.join();
    Result result =
        new Result(
            finished.get(),
            Duration.ofNanos(System.nanoTime() - start),
            pacer.rate(),
            pacer.targetMet());
    // The first requests' time is what a starved core makes the warm-up overrun warmup_time by.
    LOG.info(
        "Warmed up with {} requests in {} ms (first requests {} ms, then {} % left to the JIT):"
            + " {} requests/s{}",
        result.requests(),
        result.took().toMillis(),
        TimeUnit.NANOSECONDS.toMillis(probed - start),
        pacer.pausedPercent(),
        Math.round(result.rate()),
        plan.target() <= 0
            ? ""
            : (result.targetMet() ? ", the target " : ", short of the target ")
                + Math.round(plan.target()));
    // The warm-up's garbage fills the old generation; with the heap flags of
    // ProdConfig.DEFAULT_JVM_OPTIONS, a full collection hands those pages back before clients come.
    System.gc();
    return result;
  }

  /**
   * The paths that answer 2xx or 3xx; the others are logged and left out. A path's first request is
   * its slowest (templates compiled, connections opened, classes loaded): they run side by side.
   */
  private static List<String> answering(int port, List<String> paths) {
    return paths.parallelStream().filter(path -> answers(port, path)).toList();
  }

  private static boolean answers(int port, String path) {
    try (WarmupClient client = new WarmupClient(port)) {
      int status = client.send(WarmupClient.request(path, port, false));
      if (status >= 200 && status < 400) {
        return true;
      }
      LOG.warn("Warm-up path {} answers {}; warming the others (check warmup_paths)", path, status);
    } catch (IOException e) {
      LOG.warn("Warm-up request to {} failed; warming the others: {}", path, e.toString());
    }
    return false;
  }

  /**
   * Holds the warm-up's requests while the JIT compiles, and measures their rate. What makes a
   * worker fast is compiled code, and on a busy core the compiler threads get only their share of
   * the CPU next to the threads serving the warm-up: left alone, the JIT was still compiling the
   * request path 15 s into a 20 s warm-up. Waiting whenever a compiler thread is runnable hands it
   * the core; the requests in between give it the next methods to compile.
   */
  private static final class Pacer extends Thread {
    private static final long LOOK_MILLIS = 5;

    private final JitActivity jit = new JitActivity();
    private final WarmupRate meter = new WarmupRate(WINDOW_NANOS);
    private final long deadline;
    private final AtomicLong finished;
    private final double target;
    private volatile boolean compiling;
    private volatile boolean targetMet;
    // Read once the pacer has been joined.
    private long looks;
    private long busy;

    Pacer(long deadline, AtomicLong finished, double target) {
      super("carafe-warmup-pacer");
      setDaemon(true);
      this.deadline = deadline;
      this.finished = finished;
      this.target = target;
    }

    /** Looks until interrupted: the warm-up's clients are done. */
    @Override
    public void run() {
      long last = System.nanoTime();
      try {
        while (true) {
          boolean wasCompiling = compiling;
          compiling = jit.compiling();
          long now = System.nanoTime();
          meter.add(wasCompiling ? 0 : now - last, finished.get());
          last = now;
          if (target > 0 && meter.rate() >= target) {
            targetMet = true;
          }
          looks++;
          busy += compiling ? 1 : 0;
          Thread.sleep(LOOK_MILLIS);
        }
      } catch (InterruptedException e) {
        compiling = false;
      }
    }

    /** Returns once no compiler thread wants the CPU (or the warm-up's time is up). */
    void awaitCpu() throws InterruptedException {
      while (compiling && !targetMet && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
    }

    boolean targetMet() {
      return targetMet;
    }

    double rate() {
      return meter.rate();
    }

    int pausedPercent() {
      return looks == 0 ? 0 : (int) (100 * busy / looks);
    }
  }

  private static void close(WarmupClient client) {
    if (client != null) {
      try {
        client.close();
      } catch (IOException ignored) {
        // the warm-up is over for this connection either way
      }
    }
  }
}
