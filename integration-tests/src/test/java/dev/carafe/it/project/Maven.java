package dev.carafe.it.project;

import dev.carafe.it.Launched;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A real {@code mvn} run in a folder, as a user types it. */
final class Maven {
  private Maven() {}

  /** Starts {@code mvn -B args} in {@code dir}; the caller waits or stops it. */
  static Launched start(Path dir, Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("mvn", "-B"));
    command.addAll(List.of(args));
    return Launched.start(dir, env, command.toArray(String[]::new));
  }

  /** Runs {@code mvn -B args} in {@code dir} to the end; fails with its output unless it passed. */
  static String run(Path dir, Duration timeout, String... args) throws Exception {
    try (Launched mvn = start(dir, Map.of(), args)) {
      int code = mvn.awaitExit(timeout);
      if (code != 0) {
        throw new AssertionError(
            "mvn " + String.join(" ", args) + " exited with " + code + ":\n" + mvn.output());
      }
      return mvn.output();
    }
  }

  /**
   * Installs Carafe's artifacts into the local repository from a copy of the checkout's sources,
   * with the command the docs give for it ({@code mvn -B install -DskipTests}) over every module,
   * so that a module that cannot be installed fails here as it would for a reader; only the
   * package-time AOT recording and the checks that add nothing to an install are left out. The copy
   * keeps the build under test untouched: installing in place would rewrite jars this very test run
   * has open.
   */
  static void installCarafe(Path scratch) throws Exception {
    Path copy = Files.createDirectories(scratch.resolve("carafe"));
    Path repo = Launched.repo();
    for (String file : trackedFiles(repo)) {
      Path target = copy.resolve(file);
      Files.createDirectories(target.getParent());
      Files.copy(repo.resolve(file), target);
    }
    run(
        copy,
        Duration.ofMinutes(10),
        "-q",
        "install",
        "-DskipTests",
        "-Dspotless.check.skip=true",
        "-Dmaven.javadoc.skip=true",
        "-Dmaven.source.skip=true",
        "-Dcarafe.aot=false");
  }

  /** The files git knows of in the checkout, new ones included, ignored ones (target/) not. */
  private static List<String> trackedFiles(Path repo) throws Exception {
    Process git =
        new ProcessBuilder(
                "git",
                "-C",
                repo.toString(),
                "ls-files",
                "--cached",
                "--others",
                "--exclude-standard",
                "-z")
            .redirectErrorStream(false)
            .start();
    String listing = new String(git.getInputStream().readAllBytes());
    if (git.waitFor() != 0) {
      throw new IOException("git ls-files failed in " + repo);
    }
    try (Stream<String> names = Stream.of(listing.split("\0"))) {
      return names
          .filter(name -> !name.isEmpty())
          .filter(name -> Files.isRegularFile(repo.resolve(name)))
          .toList();
    }
  }
}
