package dev.carafe.cli;

import dev.carafe.Config;
import dev.carafe.dev.DevServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code carafe run}: the development server, reloading the app from its sources on save. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Serve the app for development on 127.0.0.1:5000: reloads on save, runs one request at"
            + " a time, shows errors as pages. Not for production: use ./run-prod.sh there.")
final class Run implements Callable<Integer> {
  @ParentCommand Main main;

  @Option(names = "--host", description = "Interface to bind (default 127.0.0.1).")
  String host;

  @Option(names = "--port", description = "Port (default 5000).")
  Integer port;

  @Option(
      names = "--project",
      description =
          "The app's project folder, holding src/main/java and src/main/resources: its sources"
              + " are compiled and reloaded on save (default: the current folder when it has"
              + " src/main/java, else the app is served from the class path without reloading).")
  Path project;

  @Option(
      names = "--classpath",
      split = ":",
      description =
          "Library jars and folders the app needs beyond Carafe's class path, separated by ':'.")
  List<Path> classPath = new ArrayList<>();

  @Option(
      names = "--threads",
      description = "Requests that may run app code at once (default 1: single-threaded).")
  int threads = 1;

  // run-dev.sh starts the server once this way to record a class-data archive of everything a
  // start loads (JDK compiler, Jetty, Javalin, Carafe), which makes later starts about twice as
  // fast.
  @Option(
      names = "--exit-when-ready",
      hidden = true,
      description = "Start, answer one request, and exit.")
  boolean exitWhenReady;

  @Override
  public Integer call() throws Exception {
    Map<String, String> flags = new LinkedHashMap<>();
    if (host != null) {
      flags.put("host", host);
    }
    if (port != null) {
      flags.put("port", String.valueOf(port));
    }
    Optional<Path> sources = project();
    if (project != null && sources.isEmpty()) {
      System.err.println(
          "No src/main/java in "
              + project.toAbsolutePath().normalize()
              + ": pass --project with your app's project folder.");
      return 2;
    }
    Optional<Path> configFile = configFile(sources);
    Config config = main.withLogFormat(config(flags, configFile));
    DevServer.Builder builder =
        DevServer.builder(main.appClass(config))
            .config(() -> config(flags, configFile))
            .classPath(classPath)
            .host(config.require("host"))
            .port(config.getInt("port"))
            .threads(threads);
    configFile.ifPresent(builder::configFile);
    sources.ifPresent(builder::project);
    DevServer server;
    try {
      server = builder.start();
    } catch (IOException e) {
      System.err.println(
          "Cannot listen on "
              + config.require("host")
              + ":"
              + config.getInt("port")
              + " ("
              + e.getMessage()
              + "). Is another server running there? Pass --port to pick another port.");
      return 1;
    } catch (IllegalStateException e) {
      System.err.println(e.getMessage());
      return 1;
    }
    if (exitWhenReady) {
      return answerOnceAndStop(server);
    }
    // The hook only asks the server's own loop to stop, and waits for it.
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "carafe-dev-stop"));
    server.awaitStop();
    return 0;
  }

  private static int answerOnceAndStop(DevServer server) throws Exception {
    try (server) {
      if (!server.awaitReady(Duration.ofMinutes(2))) {
        return 1;
      }
      HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
                  .header("Accept", "text/html")
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return 0;
    }
  }

  private Config config(Map<String, String> flags, Optional<Path> file) {
    Map<String, String> all = new LinkedHashMap<>(main.settings);
    all.putAll(flags);
    return Config.load(file.filter(Files::isRegularFile), System.getenv(), all);
  }

  /** The project whose sources to serve: --project, else the current folder if it has sources. */
  private Optional<Path> project() {
    Path folder = project != null ? project : Path.of("");
    return Files.isDirectory(folder.resolve("src/main/java"))
        ? Optional.of(folder)
        : Optional.empty();
  }

  /** The properties file: --config, else carafe.properties in the project, else in the cwd. */
  private Optional<Path> configFile(Optional<Path> sources) {
    if (main.configFile != null) {
      return Optional.of(main.configFile);
    }
    Path cwd = Path.of(Config.DEFAULT_FILE);
    Path inProject = sources.orElse(Path.of("")).resolve(Config.DEFAULT_FILE);
    for (Path candidate : List.of(inProject, cwd)) {
      if (Files.isRegularFile(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.of(inProject);
  }
}
