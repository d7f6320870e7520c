package dev.carafe.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The packaged app's folder: {@code bin/<name>}, {@code lib/}, {@code static/}, {@code nginx/},
 * {@code systemd/}, {@code kubernetes/}, and {@code aot/} once a cache is recorded. A build
 * rewrites it in place while a server may be running from it, so what the server writes there
 * ({@code run/}) stays and each file is replaced whole.
 */
final class Distribution {
  /** The folders a distribution ships, in the order of its tarball. */
  static final List<String> FOLDERS =
      List.of("bin", "lib", "static", "nginx", "systemd", "kubernetes", "aot");

  /**
   * What goes into a distribution.
   *
   * @param name the app's name: the launcher's and the unit's
   * @param version the app's version, its image's tag
   * @param app the app class the launcher starts; empty for a launcher of any app
   * @param jars the class path, by file name in lib/
   * @param staticFolder the folder served as static/ by nginx, if the app has one
   * @param bind the app's address, for nginx's upstream.conf
   * @param nginxBind nginx's address, for its listen.conf
   */
  record Contents(
      String name,
      String version,
      Optional<String> app,
      Map<String, Path> jars,
      Optional<Path> staticFolder,
      String bind,
      String nginxBind) {}

  private Distribution() {}

  /** Writes {@code contents} into {@code home}. */
  static void write(Path home, Contents contents) throws IOException {
    Launcher.write(home.resolve("bin").resolve(contents.name()), contents.name(), contents.app());
    Mirror.sync(contents.jars(), home.resolve("lib"));
    Mirror.sync(
        contents.staticFolder().isPresent() ? Mirror.tree(contents.staticFolder().get()) : Map.of(),
        home.resolve("static"));
    NginxFiles.write(home.resolve("nginx"), contents.name(), contents.bind(), contents.nginxBind());
    SystemdUnit.write(home.resolve("systemd"), contents.name());
    KubernetesFiles.write(home.resolve("kubernetes"), contents.name(), contents.version());
    // A cache recorded for earlier jars would never match again; one for these is recorded anew.
    deleteTree(home.resolve("aot"));
  }

  /** Deletes {@code folder} and everything in it, if it exists. */
  static void deleteTree(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
