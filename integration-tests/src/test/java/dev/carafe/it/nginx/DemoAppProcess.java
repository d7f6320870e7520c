package dev.carafe.it.nginx;

import dev.carafe.it.Launched;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    List<String> command = new ArrayList<>(wrapper);
    command.addAll(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:+UseSerialGC",
            "-Xmx256m",
            "-cp",
            classpath,
            "dev.carafe.cli.Main",
            "--app",
            "com.example.blog.App",
            "serve",
            "--workers",
            "1",
            "--bind",
            host + ":" + port));
    // One production worker; hosts share the secret, so any host can serve any session.
    Map<String, String> all = new java.util.HashMap<>();
    all.put("CARAFE_SECRET_KEY", "shared-by-every-host-0123456789abcdef");
    all.put("CARAFE_WARMUP_REQUESTS", "50");
    all.putAll(env);
    return Launched.start(repo, all, command.toArray(String[]::new));
  }
}
