package dev.carafe.it.nginx;

import dev.carafe.it.Launched;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The demo app in a process of its own, started as run-dev.sh starts it (or inside a network
 * namespace, as another host). The one place to change when the app tier should be run-prod.sh.
 */
final class DemoAppProcess {
  private DemoAppProcess() {}

  /** Starts the demo app on {@code host:port}, prefixed by {@code wrapper} (e.g. ip netns exec). */
  static Launched start(List<String> wrapper, String host, int port, Map<String, String> env)
      throws IOException {
    Path repo = Launched.repo();
    Path classpathFile = repo.resolve("demo-app/target/classpath.txt");
    if (!Files.exists(classpathFile)) {
      throw new IllegalStateException(
          "No "
              + classpathFile
              + ": build the demo app first (mvn -pl integration-tests -am verify).");
    }
    String classpath =
        repo.resolve("demo-app/target/classes") + ":" + Files.readString(classpathFile).trim();
    List<String> carafe = new ArrayList<>(wrapper);
    carafe.addAll(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:+UseSerialGC",
            "-Xmx256m",
            "-cp",
            classpath,
            "dev.carafe.cli.Main",
            "--app",
            "com.example.blog.App"));
    // One production worker; hosts share the secret, so any host can serve any session.
    Map<String, String> all = new java.util.HashMap<>();
    all.put("CARAFE_SECRET_KEY", "shared-by-every-host-0123456789abcdef");
    all.put("CARAFE_WARMUP_REQUESTS", "50");
    all.putAll(env);
    // Workers never migrate: as a deployer does, db-migrate runs first.
    List<String> migrate = new ArrayList<>(carafe);
    migrate.add("db-migrate");
    try (Launched migration = Launched.start(repo, all, migrate.toArray(String[]::new))) {
      if (migration.awaitExit(Duration.ofMinutes(1)) != 0) {
        throw new IllegalStateException("db-migrate failed: " + migration.output());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while db-migrate ran");
    }
    List<String> command = new ArrayList<>(carafe);
    command.addAll(List.of("serve", "--workers", "1", "--bind", host + ":" + port));
    return Launched.start(repo, all, command.toArray(String[]::new));
  }
}
