package dev.carafe.it.nginx;

import dev.carafe.it.Launched;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo app in a process of its own: from the build's class path as run-dev.sh starts it, or
 * from its package (bin/carafe-demo, what a deploy unpacks); either one inside a network namespace,
 * as another host. The one place to change when the app tier should be run-prod.sh.
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
    // Workers never migrate: as a deployer does, db-migrate runs first.
    migrate(carafe, env);
    return serve(carafe, host, port, env);
  }

  /**
   * Runs the packaged demo's {@code db-migrate}, as a deployer does once before the hosts serve.
   */
  static String migratePackaged(List<String> wrapper, Map<String, String> env) throws IOException {
    return migrate(packaged(wrapper), env);
  }

  /** Starts the packaged demo's server on {@code host:port}; it migrates nothing. */
  static Launched startPackaged(
      List<String> wrapper, String host, int port, Map<String, String> env) throws IOException {
    return serve(packaged(wrapper), host, port, env);
  }

  private static List<String> packaged(List<String> wrapper) {
    Path launcher = Launched.repo().resolve("demo-app/target/carafe-demo/bin/carafe-demo");
    if (!Files.isExecutable(launcher)) {
      throw new IllegalStateException(
          "No "
              + launcher
              + ": package the demo app first (mvn -pl integration-tests -am verify).");
    }
    List<String> command = new ArrayList<>(wrapper);
    command.add(launcher.toString());
    return command;
  }

  private static String migrate(List<String> carafe, Map<String, String> env) throws IOException {
    List<String> command = new ArrayList<>(carafe);
    command.add("db-migrate");
    try (Launched migration =
        Launched.start(Launched.repo(), settings(env), command.toArray(String[]::new))) {
      if (migration.awaitExit(Duration.ofMinutes(1)) != 0) {
        throw new IllegalStateException("db-migrate failed: " + migration.output());
      }
      return migration.output();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while db-migrate ran");
    }
  }

  private static Launched serve(List<String> carafe, String host, int port, Map<String, String> env)
      throws IOException {
    List<String> command = new ArrayList<>(carafe);
    command.addAll(List.of("serve", "--workers", "1", "--bind", host + ":" + port));
    return Launched.start(Launched.repo(), settings(env), command.toArray(String[]::new));
  }

  /** One production worker; hosts share the secret, so any host can serve any session. */
  private static Map<String, String> settings(Map<String, String> env) {
    Map<String, String> all = new HashMap<>();
    all.put("CARAFE_SECRET_KEY", "shared-by-every-host-0123456789abcdef");
    all.put("CARAFE_WARMUP_REQUESTS", "50");
    all.putAll(env);
    return all;
  }
}
