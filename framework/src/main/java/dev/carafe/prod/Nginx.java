package dev.carafe.prod;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bundled nginx in front of the workers ({@code --with-nginx}): started and stopped with the
 * master.
 */
final class Nginx {
  private static final Logger LOG = LoggerFactory.getLogger(Nginx.class);

  private final Path prefix;

  private Nginx(Path prefix) {
    this.prefix = prefix;
  }

  /** Starts nginx with {@code nginx.conf} from {@code prefix} (it goes to the background). */
  static Optional<Nginx> start(Path prefix) {
    if (!Files.isRegularFile(prefix.resolve("nginx.conf"))) {
      LOG.warn("--with-nginx: no nginx.conf in {}; serving without nginx", prefix);
      return Optional.empty();
    }
    try {
      Files.createDirectories(prefix.resolve("run")); // nginx.conf keeps its pid and logs there
    } catch (IOException e) {
      LOG.warn("--with-nginx: cannot create {}/run: {}", prefix, e.getMessage());
    }
    Nginx nginx = new Nginx(prefix);
    if (nginx.command(List.of())) {
      LOG.info("nginx started with {}/nginx.conf", prefix);
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

  private boolean command(List<String> extra) {
    List<String> command =
        new ArrayList<>(List.of("nginx", "-p", prefix + "/", "-c", prefix + "/nginx.conf"));
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
}
