package dev.carafe.dev;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where an app's files live, Maven style: sources in {@code src/main/java}, templates, static files
 * and properties in {@code src/main/resources}, the build file at the root. Decides what a changed
 * path means. Without sources ({@code fromSources} false) the app is served from the class path and
 * nothing is watched.
 */
record ProjectLayout(
    Path root, Path sources, Path resources, Optional<Path> configFile, boolean fromSources) {
  /** What a changed file asks the dev server to do. */
  enum Change {
    /** Java source: compile and reload. */
    SOURCE,
    /** Configuration (a properties file): reload without recompiling. */
    CONFIG,
    /** Template, static file or other resource: read from disk, so only the browser refreshes. */
    RESOURCE,
    /** The build file: dependencies may have changed, which needs a restart. */
    BUILD
  }

  private static final Set<String> BUILD_FILES =
      Set.of(
          "pom.xml", "build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts");

  /** The Maven layout under {@code root}. */
  static ProjectLayout of(Path root, Optional<Path> configFile) {
    return layout(root, configFile, true);
  }

  /** No project: the app's classes and resources are on the class path already. */
  static ProjectLayout classPath(Optional<Path> configFile) {
    return layout(Path.of(""), configFile, false);
  }

  private static ProjectLayout layout(Path root, Optional<Path> configFile, boolean fromSources) {
    Path r = root.toAbsolutePath().normalize();
    return new ProjectLayout(
        r,
        r.resolve("src/main/java"),
        r.resolve("src/main/resources"),
        configFile.map(f -> f.toAbsolutePath().normalize()),
        fromSources);
  }

  /** Folders the app's resources are read from on disk: none when served from the class path. */
  List<Path> resourceRoots() {
    return fromSources ? List.of(resources) : List.of();
  }

  /** Where the last good compile is kept between runs ({@link CompileSnapshot}). */
  Path compileSnapshot() {
    return root.resolve("target/carafe/last-compile.bin");
  }

  /** Folders watched with everything under them. */
  List<Path> trees() {
    List<Path> trees = new ArrayList<>();
    trees.add(sources);
    if (Files.isDirectory(resources)) {
      trees.add(resources);
    }
    return trees;
  }

  /**
   * Single files watched for themselves, whether they exist yet or not: the build files and the
   * configuration file.
   */
  List<Path> files() {
    List<Path> files = new ArrayList<>();
    BUILD_FILES.stream().sorted().forEach(name -> files.add(root.resolve(name)));
    configFile.ifPresent(files::add);
    return files;
  }

  /** What a change to {@code path} means, or empty when it means nothing. */
  Optional<Change> classify(Path path) {
    Path p = path.toAbsolutePath().normalize();
    String name = p.getFileName() == null ? "" : p.getFileName().toString();
    if (configFile.isPresent() && p.equals(configFile.get())) {
      return Optional.of(Change.CONFIG);
    }
    if (p.getParent() != null && p.getParent().equals(root) && BUILD_FILES.contains(name)) {
      return Optional.of(Change.BUILD);
    }
    if (p.startsWith(sources)) {
      // A deleted folder arrives as a name without an extension: its sources are gone too.
      return Optional.of(
          name.endsWith(".java") || !name.contains(".") ? Change.SOURCE : Change.RESOURCE);
    }
    if (p.startsWith(resources)) {
      // Properties configure the app, and database migrations run when it is built: both reload.
      boolean reloads =
          name.endsWith(".properties")
              || (name.endsWith(".sql") && p.startsWith(resources.resolve("db")));
      return Optional.of(reloads ? Change.CONFIG : Change.RESOURCE);
    }
    return Optional.empty();
  }

  /** A path as the developer reads it: relative to the project. */
  String describe(Path path) {
    Path p = path.toAbsolutePath().normalize();
    return p.startsWith(root) ? root.relativize(p).toString() : p.toString();
  }
}
