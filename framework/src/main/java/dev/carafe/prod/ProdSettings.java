package dev.carafe.prod;

import dev.carafe.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The production server's settings, read from the layered configuration (so each has a key, a
 * {@code CARAFE_*} variable and a flag). Defaults come from the benchmark; see
 * docs/guides/deployment.md.
 */
record ProdSettings(
    String bind,
    int workers,
    String threads,
    Optional<Path> pidFile,
    Duration timeout,
    Duration gracefulTimeout,
    int maxRequests,
    int maxRequestsJitter,
    int warmupRequests,
    List<String> workerJvmOptions,
    Duration idleTimeout) {

  static final String DEFAULT_BIND = "127.0.0.1:8000";

  static ProdSettings from(Config config) {
    int workers = config.getInt("workers", Math.max(2, Runtime.getRuntime().availableProcessors()));
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, got " + workers);
    }
    return new ProdSettings(
        config.get("bind", DEFAULT_BIND),
        workers,
        config.get("threads", "32"),
        config.get("pid").filter(p -> !p.isBlank()).map(Path::of),
        Duration.ofMillis((long) (config.getDouble("timeout", 30) * 1000)),
        Duration.ofMillis((long) (config.getDouble("graceful_timeout", 30) * 1000)),
        config.getInt("max_requests", 0),
        config.getInt("max_requests_jitter", 0),
        config.getInt("warmup_requests", 3000),
        List.of(
            config
                .get(
                    "worker_jvm_options",
                    "-XX:+UseSerialGC -Xss512k -Xmx256m -XX:+ExitOnOutOfMemoryError --enable-native-access=ALL-UNNAMED")
                .trim()
                .split("\\s+")),
        Duration.ofSeconds(config.getInt("idle_timeout", 75)));
  }

  boolean isUnixSocket() {
    return bind.startsWith("unix:");
  }

  String host() {
    return bind.substring(0, bind.lastIndexOf(':'));
  }

  int port() {
    try {
      return Integer.parseInt(bind.substring(bind.lastIndexOf(':') + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bind must be HOST:PORT or unix:PATH, got '" + bind + "'");
    }
  }
}
