package dev.carafe.prod;

import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.internal.ServerView;
import java.math.BigDecimal;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The production server's settings, read from {@link Config}: every key is also a {@code CARAFE_*}
 * variable and a {@code run-prod.sh} flag. The defaults are the ones the benchmark in bench/ chose;
 * docs/guides/deployment.md lists the figures.
 */
record ProdConfig(
    int workers,
    Threads threads,
    Bind bind,
    Optional<Path> pidFile,
    Duration timeout,
    Duration requestTimeout,
    Duration gracefulTimeout,
    long maxRequests,
    long maxRequestsJitter,
    boolean withNginx,
    Optional<Bind> nginxBind,
    int warmupRequests,
    List<String> warmupPaths,
    Duration warmupTime,
    Duration serveWithin,
    List<String> workerJvmOptions,
    boolean accessLog,
    boolean gzip,
    Duration idleTimeout,
    Duration headerTimeout,
    Optional<Path> aotCache,
    Optional<Bind> metricsBind) {

  /** Request threads per worker: a bounded platform pool, or a virtual thread per request. */
  record Threads(int max, boolean virtual) {
    static Threads parse(String text) {
      String value = text.trim().toLowerCase(Locale.ROOT);
      if (value.equals("virtual")) {
        if (Runtime.version().feature() < 21) {
          throw new IllegalArgumentException(
              "threads=virtual needs JDK 21 or newer; this is JDK "
                  + Runtime.version().feature()
                  + ". Install a newer JDK (run-prod.sh picks the newest under /usr/lib/jvm) or"
                  + " give a number, e.g. --threads 32.");
        }
        return new Threads(0, true);
      }
      try {
        int max = Integer.parseInt(value);
        if (max >= 4) {
          return new Threads(max, false);
        }
      } catch (NumberFormatException ignored) {
        // reported below
      }
      throw new IllegalArgumentException(
          "threads must be 'virtual' or a number of at least 4, got '" + text + "'.");
    }

    @Override
    public String toString() {
      return virtual ? "virtual" : String.valueOf(max);
    }
  }

  static final int DEFAULT_WORKERS = 2;

  /**
   * A small platform pool: 4 per core, at least 8. Measured on one core with a JSON view, 8
   * platform threads served 1.6 times the requests of a virtual thread per request (Jetty hands
   * each request from its selector to a virtual thread and back), and 16 or 200 had two to seven
   * times the p99. Virtual threads stay a setting for apps whose views mostly wait on the network.
   */
  static String defaultThreads() {
    return String.valueOf(Math.max(8, 4 * Runtime.getRuntime().availableProcessors()));
  }

  static final int DEFAULT_WARMUP_REQUESTS = 30_000;

  /** Seconds a new worker warms up at most: see docs/guides/deployment.md for the figures. */
  static final double DEFAULT_WARMUP_TIME = 1.5;

  /**
   * Seconds from a worker's JVM start by which its warm-up ends: a worker serves within 3 s of its
   * launch on a core of its own, and one that boots slower serves after its paths' first requests.
   */
  static final double DEFAULT_SERVE_WITHIN = 2.5;

  /** Where the master serves the workers' metrics: loopback, never the app's own port. */
  static final String DEFAULT_METRICS_BIND = "127.0.0.1:9464";

  /** A day: longer timeouts are mistakes, and deadlines computed from them must not overflow. */
  private static final long MAX_SECONDS = 86_400;

  /**
   * The serial collector in at most 256 MB. A small starting heap and a native heap trimmed every
   * second let an idle worker give back what its warm-up used: 166 MB resident after start with
   * {@code -Xms64m} and no trimming, 118-128 MB with both. The free-ratio flags and {@code
   * -XX:-ShrinkHeapInSteps} let the full collection after the warm-up shrink the heap at once (the
   * defaults keep 70 % free and shrink over four full collections): 151-154 MB resident at the
   * first request became 134-137 MB.
   */
  static final String DEFAULT_JVM_OPTIONS =
      "-XX:+UseSerialGC -Xms16m -Xmx256m -Xss512k -XX:TrimNativeHeapInterval=1000"
          + " -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40 -XX:-ShrinkHeapInSteps"
          + " -XX:+ExitOnOutOfMemoryError --enable-native-access=ALL-UNNAMED";

  static ProdConfig from(Config config) {
    int workers = config.getInt("workers", DEFAULT_WORKERS);
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, got " + workers + ".");
    }
    long maxRequests = config.getLong("max_requests", 0);
    long jitter = config.getLong("max_requests_jitter", 0);
    if (maxRequests < 0 || jitter < 0) {
      throw new IllegalArgumentException("max_requests and max_requests_jitter must be >= 0.");
    }
    int warmupRequests = config.getInt("warmup_requests", DEFAULT_WARMUP_REQUESTS);
    if (warmupRequests < 0) {
      throw new IllegalArgumentException(
          "warmup_requests must be >= 0, got " + warmupRequests + ".");
    }
    Duration timeout = seconds(config, "timeout");
    Duration requestTimeout = seconds(config, "request_timeout");
    if (requestTimeout.compareTo(timeout) >= 0) {
      throw new IllegalArgumentException(
          "request_timeout ("
              + seconds(requestTimeout)
              + " s) must be shorter than timeout ("
              + seconds(timeout)
              + " s): a worker whose requests wait for a thread and none finishes for timeout is"
              + " killed as stuck, so every request must be answered before that. Lower"
              + " --request-timeout or raise --timeout.");
    }
    return new ProdConfig(
        workers,
        Threads.parse(config.get("threads", defaultThreads())),
        Bind.parse(config.get("bind", Bind.DEFAULT)),
        config.get("pid").filter(p -> !p.isBlank()).map(Path::of),
        timeout,
        requestTimeout,
        seconds(config, "graceful_timeout"),
        maxRequests,
        jitter,
        config.getBool("with_nginx", false),
        config.get("nginx_bind").filter(b -> !b.isBlank()).map(ProdConfig::nginxBind),
        warmupRequests,
        config.getList("warmup_paths"),
        seconds("warmup_time", config.getDouble("warmup_time", DEFAULT_WARMUP_TIME)),
        seconds("serve_within", config.getDouble("serve_within", DEFAULT_SERVE_WITHIN)),
        words(config.get("worker_jvm_options", DEFAULT_JVM_OPTIONS)),
        config.getBool("access_log", true),
        config.getBool("gzip", false),
        seconds(config, "idle_timeout"),
        seconds(config, "header_timeout"),
        aotCacheFolder(config.get("aot_cache", "")),
        metricsBind(config.get("metrics_bind", DEFAULT_METRICS_BIND)));
  }

  /** Where the master serves {@code /metrics}: a TCP address, or none for {@code off}. */
  static Optional<Bind> metricsBind(String setting) {
    String value = setting.trim();
    if (List.of("off", "false", "none", "no").contains(value.toLowerCase(Locale.ROOT))) {
      return Optional.empty();
    }
    try {
      Bind bind = Bind.parse(value);
      if (!bind.isUnix()) {
        return Optional.of(bind);
      }
    } catch (IllegalArgumentException e) {
      // reported below, with an example
    }
    throw new IllegalArgumentException(
        "metrics_bind: expected HOST:PORT or off, got '"
            + setting
            + "' (e.g. "
            + DEFAULT_METRICS_BIND
            + ").");
  }

  /**
   * Where workers keep their AOT cache (JDK 25+): the aot_cache setting, {@code off} for none, by
   * default the user's cache folder ({@code $XDG_CACHE_HOME/carafe/aot}, else {@code
   * ~/.cache/carafe/aot}).
   */
  static Optional<Path> aotCacheFolder(String setting) {
    String value = setting.trim();
    if (List.of("off", "false", "none", "no").contains(value.toLowerCase(Locale.ROOT))) {
      return Optional.empty();
    }
    if (!value.isEmpty()) {
      try {
        return Optional.of(Path.of(value).toAbsolutePath());
      } catch (InvalidPathException e) {
        throw new IllegalArgumentException(
            "aot_cache must be a folder or off, got '" + setting + "': " + e.getReason() + ".");
      }
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg != null && Path.of(xdg).isAbsolute()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return Optional.of(base.resolve("carafe").resolve("aot"));
  }

  /** Where nginx listens: a TCP address, validated like bind. */
  private static Bind nginxBind(String spec) {
    try {
      Bind bind = Bind.parse(spec);
      if (!bind.isUnix()) {
        return bind;
      }
    } catch (IllegalArgumentException e) {
      // reported below, with nginx's own example
    }
    throw new IllegalArgumentException(
        "nginx_bind: expected HOST:PORT with a port of 1..65535, got '"
            + spec
            + "' (e.g. 127.0.0.1:8080).");
  }

  /** The workers' maximum heap as their JVM options set it ({@code -Xmx256m} is 256m). */
  String heap() {
    String heap = "JVM default";
    for (String option : workerJvmOptions) {
      if (option.startsWith("-Xmx")) {
        heap = option.substring("-Xmx".length());
      } else if (option.startsWith("-XX:MaxHeapSize=")) {
        heap = option.substring("-XX:MaxHeapSize=".length());
      }
    }
    return heap;
  }

  /** What the warm-up requests: the warmup_paths setting, else the app's own, else /healthz. */
  List<String> warmupPathsFor(Carafe app) {
    if (!warmupPaths.isEmpty()) {
      return warmupPaths;
    }
    List<String> paths = ServerView.of(app).warmUpPaths();
    return paths.isEmpty() ? List.of("/healthz") : paths;
  }

  private static Duration seconds(Config config, String key) {
    return seconds(key, config.getDouble(key));
  }

  private static Duration seconds(String key, double seconds) {
    // NaN fails both comparisons; so does nothing else, so the check is written to catch it.
    if (!(seconds >= 0.001 && seconds <= MAX_SECONDS)) {
      throw new IllegalArgumentException(
          key
              + " must be a number of seconds from 0.001 to "
              + MAX_SECONDS
              + ", got "
              + seconds
              + ".");
    }
    return Duration.ofMillis(Math.round(seconds * 1000));
  }

  private static String seconds(Duration duration) {
    return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString();
  }

  private static List<String> words(String text) {
    return Arrays.stream(text.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
  }
}
