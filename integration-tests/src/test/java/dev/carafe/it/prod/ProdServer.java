package dev.carafe.it.prod;

import dev.carafe.it.Launched;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/** Starts the real run-prod.sh on a free port with a short warm-up, for prod-mode tests. */
final class ProdServer {
  static final Duration BOOT = Duration.ofMinutes(2);

  private ProdServer() {}

  /** The environment every test starts with: a real secret and a quick warm-up. */
  static Map<String, String> environment() {
    byte[] secret = new byte[32];
    ThreadLocalRandom.current().nextBytes(secret);
    Map<String, String> env = new HashMap<>();
    env.put("CARAFE_SECRET_KEY", HexFormat.of().formatHex(secret));
    env.put("CARAFE_WARMUP_REQUESTS", "200");
    env.put("CARAFE_CLASSPATH", Path.of("target", "test-classes").toAbsolutePath().toString());
    return env;
  }

  static Launched start(Map<String, String> env, String... flags) throws IOException {
    List<String> command = new ArrayList<>();
    command.add("./run-prod.sh");
    command.addAll(List.of(flags));
    return Launched.start(Launched.repo(), env, command.toArray(String[]::new));
  }

  /** Starts on a free port and waits until the pool serves in full. */
  static Launched serving(int port, String... flags) throws Exception {
    return serving(environment(), port, flags);
  }

  static Launched serving(Map<String, String> env, int port, String... flags) throws Exception {
    List<String> all = new ArrayList<>(List.of("--bind", "127.0.0.1:" + port));
    all.addAll(List.of(flags));
    Launched server = start(env, all.toArray(String[]::new));
    server.awaitOutput("Serving ", BOOT);
    return server;
  }

  static Set<Long> workers(Launched server) {
    return new TreeSet<>(server.children());
  }

  /** Waits until the master's children satisfy {@code condition}. */
  static Set<Long> awaitWorkers(Launched server, Predicate<Set<Long>> condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Set<Long> now = workers(server);
    while (System.nanoTime() < deadline) {
      now = workers(server);
      if (condition.test(now)) {
        return now;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "Workers " + now + " never matched within " + timeout + ":\n" + server.output());
  }
}
