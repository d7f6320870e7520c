package dev.carafe.prod;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bundled nginx in front of the workers ({@code --with-nginx}), started and stopped with the
 * master. It runs a copy of the packaged {@code nginx/} folder in {@code run/nginx/} whose port
 * files say where the app is and, with nginx_bind, where nginx listens; nginx's prefix is the
 * packaged app's folder, and it writes only under {@code run/}.
 */
final class Nginx {
  private static final Logger LOG = LoggerFactory.getLogger(Nginx.class);

  // Where distributions and nginx's own build put the binary, for users whose PATH lacks sbin.
  private static final List<String> SBIN =
      List.of("/usr/sbin", "/usr/local/sbin", "/usr/local/nginx/sbin");

  private final Path prefix;
  private final Path conf;

  private Nginx(Path prefix, Path conf) {
    this.prefix = prefix;
    this.conf = conf;
  }

  /**
   * Prepares {@code <home>/run/nginx/} for an app on {@code app} and starts nginx (it goes to the
   * background); nginx listens where {@code listen} says, else where the shipped listen.conf says.
   */
  static Optional<Nginx> start(Path home, Bind app, Optional<Bind> listen) {
    Path shipped = home.resolve("nginx");
    if (!Files.isRegularFile(shipped.resolve("nginx.conf"))) {
      LOG.error(
          "--with-nginx: no nginx/nginx.conf in {} (the packaged app's folder, -D{}); serving"
              + " without nginx",
          home,
          Home.HOME_PROPERTY);
      return Optional.empty();
    }
    Path running = home.resolve("run").resolve("nginx");
    try {
      prepare(shipped, running, app, listen);
    } catch (IOException e) {
      LOG.error(
          "--with-nginx: cannot prepare {}: {}; serving without nginx", running, e.toString());
      return Optional.empty();
    }
    Nginx nginx = new Nginx(home, running.resolve("nginx.conf"));
    if (nginx.command(List.of())) {
      LOG.info(
          "nginx started with {}{}",
          nginx.conf,
          listen.map(l -> ", listening on http://" + address(l)).orElse(""));
      return Optional.of(nginx);
    }
    return Optional.empty();
  }

  /** Asks nginx to finish its requests and exit. */
  void stop() {
    if (command(List.of("-s", "quit"))) {
      LOG.info("nginx stopped");
    }
  }

  /**
   * Replaces {@code running} with a copy of {@code shipped}, then writes its upstream.conf from
   * {@code app} and, when given, its listen.conf from {@code listen}.
   */
  static void prepare(Path shipped, Path running, Bind app, Optional<Bind> listen)
      throws IOException {
    // What a previous start left: a leftover fails the copy below.
    RuntimeFolder.deleteTree(running);
    try (Stream<Path> paths = Files.walk(shipped)) {
      for (Path source : paths.toList()) {
        Path target = running.resolve(shipped.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    Files.writeString(running.resolve("upstream.conf"), upstreamConf(app), StandardCharsets.UTF_8);
    if (listen.isPresent()) {
      Files.writeString(
          running.resolve("listen.conf"), listenConf(listen.get()), StandardCharsets.UTF_8);
    }
  }

  /** The upstream.conf for an app on {@code app}: its address four times. */
  static String upstreamConf(Bind app) {
    String server =
        app.unixPath()
            .map(p -> "unix:" + p.toAbsolutePath())
            .orElseGet(
                () -> address(new Bind(reachable(app.host()), app.port(), Optional.empty())));
    return """
        # Written by the Carafe master from its bind setting at every --with-nginx start: edit
        # bind, not this file.
        #
        # The workers share one address, so it is listed four times: an idempotent request that
        # meets a dying worker is retried (up to three times) on the same address, where the kernel
        # hands it to a live worker. max_fails=0 because marking the only address down would turn
        # a restart into seconds of 502s.
        """
        + ("server " + server + " max_fails=0;\n").repeat(4);
  }

  /** The listen.conf for nginx on {@code listen}. */
  static String listenConf(Bind listen) {
    return """
        # Written by the Carafe master from its nginx_bind setting (--nginx-bind) at every
        # --with-nginx start: edit nginx_bind, not this file.
        """
        + "listen "
        + address(listen)
        + ";\n";
  }

  /** A TCP address as nginx writes it: IPv6 hosts in brackets. */
  private static String address(Bind bind) {
    String host = bind.host().contains(":") ? "[" + bind.host() + "]" : bind.host();
    return host + ":" + bind.port();
  }

  /** A wildcard address accepts connections on loopback too; nginx must connect to a real one. */
  private static String reachable(String host) {
    return switch (host) {
      case "0.0.0.0" -> "127.0.0.1";
      case "::", "0:0:0:0:0:0:0:0" -> "::1";
      default -> host;
    };
  }

  private boolean command(List<String> extra) {
    List<String> command =
        new ArrayList<>(List.of(binary(), "-p", prefix + "/", "-c", conf.toString()));
    command.addAll(extra);
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int code = process.waitFor();
      if (code != 0) {
        LOG.error(
            "{} failed with exit code {}: {}", String.join(" ", command), code, output.trim());
      }
      return code == 0;
    } catch (IOException e) {
      LOG.error("Cannot run nginx (is it installed?): {}", e.getMessage());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * nginx from the PATH, else from an sbin folder; plain "nginx" lets the error say it is missing.
   */
  private static String binary() {
    List<String> folders = new ArrayList<>();
    for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        folders.add(entry);
      }
    }
    folders.addAll(SBIN);
    return folders.stream()
        .map(f -> Path.of(f, "nginx"))
        .filter(Files::isExecutable)
        .map(Path::toString)
        .findFirst()
        .orElse("nginx");
  }
}
