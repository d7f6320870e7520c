package dev.carafe.it.dev;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.carafe.it.Launched;
import dev.carafe.test.CarafeTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import kong.unirest.core.HttpResponse;
import kong.unirest.core.UnirestInstance;

/**
 * A temporary copy of the demo app's sources, served by the real {@code run-dev.sh}: tests edit,
 * add and delete its files the way a developer would.
 */
final class DevProject implements AutoCloseable {
  /** The /api/hello message every demo app answers with. */
  static final String HELLO = "Hello, World!";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;
  private Launched server;
  private UnirestInstance client;
  private int port;

  private DevProject(Path root) {
    this.root = root;
  }

  /** A fresh copy of {@code demo-app/src}. */
  static DevProject copyOfDemo() throws IOException {
    Path root = Files.createTempDirectory("carafe-dev-it-");
    Path from = Launched.repo().resolve("demo-app/src");
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Path target = root.resolve("src").resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
    return new DevProject(root);
  }

  /** Starts {@code ./run-dev.sh --project <copy> --port <free>} plus {@code args}. */
  DevProject start(String... args) throws Exception {
    port = Launched.freePort();
    List<String> command = new ArrayList<>(List.of("./run-dev.sh", "--project", root.toString()));
    command.addAll(List.of("--port", String.valueOf(port)));
    if (List.of(args).contains("--app")) {
      // Another app than the demo runs on Carafe's class path alone; the copied demo sources
      // beside it still need the demo's libraries (SQLite's driver) to compile.
      command.addAll(
          List.of(
              "--classpath",
              Files.readString(Launched.repo().resolve("demo-app/target/classpath.txt")).trim()));
    }
    command.addAll(List.of(args));
    server = Launched.start(Launched.repo(), Map.of(), command.toArray(String[]::new));
    client = CarafeTest.client(url(""));
    server.awaitHttp(url("/healthz"), 200, Duration.ofMinutes(3));
    return this;
  }

  int port() {
    return port;
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  UnirestInstance client() {
    return client;
  }

  Launched server() {
    return server;
  }

  Path root() {
    return root;
  }

  /** The source file that holds the /api/hello message, wherever the demo keeps it. */
  String helloSource() throws IOException {
    try (Stream<Path> files = Files.walk(root.resolve("src/main/java"))) {
      Path file =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .filter(p -> read(p).contains("\"" + HELLO + "\""))
              .findFirst()
              .orElseThrow(() -> new AssertionError("No source holds \"" + HELLO + "\""));
      return root.relativize(file).toString();
    }
  }

  String read(String relative) {
    return read(root.resolve(relative));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a file as an editor saving it in place would. */
  void write(String relative, String content) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  void replace(String relative, String from, String to) throws IOException {
    String text = read(relative);
    if (!text.contains(from)) {
      throw new AssertionError(relative + " does not contain " + from);
    }
    write(relative, text.replace(from, to));
  }

  void delete(String relative) throws IOException {
    Files.deleteIfExists(root.resolve(relative));
  }

  /** The /api/hello message the server answers now. */
  String hello() throws IOException {
    HttpResponse<String> response = client.get("/api/hello").asString();
    if (response.getStatus() != 200) {
      return response.getStatus() + " " + response.getBody();
    }
    return JSON.readTree(response.getBody()).path("message").asText();
  }

  /** Waits, at most {@code timeout}, until {@code condition} holds; fails with the server log. */
  void await(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (condition.call()) {
          return;
        }
      } catch (Exception e) {
        last = e;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(
        "Timed out after " + timeout + " waiting until " + what + ":\n" + server.output(), last);
  }

  @Override
  public void close() throws IOException {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
