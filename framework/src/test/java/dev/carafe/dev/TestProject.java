package dev.carafe.dev;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A throwaway app project on disk, Maven layout, for dev server tests. */
final class TestProject {
  /** An app with JSON, HTML and failing routes. */
  static final String APP =
      """
      package app;

      import dev.carafe.Carafe;
      import dev.carafe.Config;

      public final class App {
        public record Greeting(String text) {}

        public static Carafe create(Config config) {
          Carafe app = Carafe.create(config);
          app.get("/", req -> new Greeting("hello"));
          app.get("/page", req -> "<!doctype html><html><body><h1>page</h1></body></html>");
          app.get("/boom", req -> {
            throw new IllegalStateException("kaboom");
          });
          return app;
        }
      }
      """;

  /** The line of {@link #APP} that throws. */
  static final int THROW_LINE = 14;

  final Path root;

  private TestProject(Path root) {
    this.root = root;
  }

  static TestProject create(Path root) {
    return new TestProject(root).write("src/main/java/app/App.java", APP);
  }

  TestProject write(String relative, String content) {
    try {
      Path file = root.resolve(relative);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Saves a file as many editors do, by moving a new version over it: one file event, never a
   * half-written file.
   */
  TestProject save(String relative, String content) {
    try {
      Path file = root.resolve(relative);
      Path next = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(next, content, StandardCharsets.UTF_8);
      Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A dev server for this project on a free port, its banner swallowed. */
  DevServer start() throws Exception {
    return DevServer.builder("app.App")
        .project(root)
        .port(0)
        .warmUpCompiles(0)
        .console(new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8))
        .start();
  }
}
