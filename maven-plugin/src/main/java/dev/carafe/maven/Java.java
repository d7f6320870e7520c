package dev.carafe.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The java a forked Carafe process runs on, chosen as the packaged launcher's {@code pick_java}
 * chooses: a configured one, else {@code $JAVA_HOME}, else the newest JDK 21+ under the JVM root
 * (virtual threads, a faster JIT, from 25 on the AOT cache), else the java running Maven.
 *
 * @param executable the {@code java} to run
 * @param feature its feature release (25 for 25.0.1), when its {@code release} file tells
 */
record Java(Path executable, OptionalInt feature) {
  /** Where Debian, Ubuntu and the Temurin packages install JDKs. */
  static final Path JVM_ROOT = Path.of("/usr/lib/jvm");

  private static final Pattern VERSION =
      Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)(?:\\.(\\d+))?");

  /**
   * Chooses: {@code configured} (a java executable or a JDK folder), else {@code javaHome}'s java,
   * else the newest JDK 21+ in {@code jvmRoot}, else {@code running} (a JDK or JRE folder).
   */
  static Java choose(
      Optional<String> configured, Optional<String> javaHome, Path jvmRoot, Path running) {
    if (configured.isPresent()) {
      Path path = Path.of(configured.get());
      Path executable = Files.isDirectory(path) ? path.resolve("bin/java") : path;
      if (!Files.isExecutable(executable) || Files.isDirectory(executable)) {
        throw new IllegalArgumentException(
            "carafe.java '"
                + configured.get()
                + "' is neither a java executable nor a JDK folder: fix <java> in the plugin's"
                + " configuration or -Dcarafe.java.");
      }
      return of(executable);
    }
    Optional<Path> fromHome =
        javaHome.filter(h -> !h.isBlank()).map(h -> Path.of(h, "bin", "java"));
    if (fromHome.isPresent() && Files.isExecutable(fromHome.get())) {
      return of(fromHome.get());
    }
    return newest(jvmRoot)
        .filter(java -> java.feature().orElse(0) >= 21)
        .orElseGet(() -> of(running.resolve("bin/java")));
  }

  /** The java at {@code executable}, its version read from its JDK's {@code release} file. */
  static Java of(Path executable) {
    return new Java(executable, feature(executable));
  }

  private static Optional<Java> newest(Path jvmRoot) {
    if (!Files.isDirectory(jvmRoot)) {
      return Optional.empty();
    }
    List<Path> homes;
    try (Stream<Path> children = Files.list(jvmRoot)) {
      homes = children.sorted().toList();
    } catch (IOException e) {
      return Optional.empty();
    }
    Optional<Java> best = Optional.empty();
    for (Path home : homes) {
      Path executable = home.resolve("bin/java");
      OptionalInt feature = release(home);
      if (Files.isExecutable(executable)
          && feature.isPresent()
          && feature.getAsInt() > best.map(j -> j.feature().orElse(0)).orElse(0)) {
        best = Optional.of(new Java(executable, feature));
      }
    }
    return best;
  }

  private static OptionalInt feature(Path executable) {
    Path real;
    try {
      real = executable.toRealPath(); // through links such as /usr/bin/java
    } catch (IOException e) {
      return OptionalInt.empty();
    }
    Path bin = real.getParent();
    return bin == null || bin.getParent() == null ? OptionalInt.empty() : release(bin.getParent());
  }

  private static OptionalInt release(Path home) {
    try {
      Matcher version = VERSION.matcher(Files.readString(home.resolve("release")));
      if (!version.find()) {
        return OptionalInt.empty();
      }
      int major = Integer.parseInt(version.group(1));
      // Before 9 the feature release came second: 1.8.0_402 is 8.
      return OptionalInt.of(
          major == 1 && version.group(2) != null ? Integer.parseInt(version.group(2)) : major);
    } catch (IOException | NumberFormatException e) {
      return OptionalInt.empty();
    }
  }
}
