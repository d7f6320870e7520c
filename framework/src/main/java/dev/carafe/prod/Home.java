package dev.carafe.prod;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a packaged app lives ({@code bin/}, {@code lib/}, {@code nginx/}, {@code aot/}), as its
 * launcher tells the master through system properties; the working directory stands in otherwise.
 */
final class Home {
  /** The packaged app's folder; set by the launcher. */
  static final String HOME_PROPERTY = "carafe.home";

  /** The folder of the jars the workers run ({@code <home>/lib}); set by the launcher. */
  static final String LIB_PROPERTY = "carafe.lib";

  private Home() {}

  /** The packaged app's folder, when the launcher named one. */
  static Optional<Path> packaged() {
    return property(HOME_PROPERTY);
  }

  /** The packaged app's folder, else the working directory (a checkout run by hand). */
  static Path folder() {
    return packaged().orElse(Path.of("").toAbsolutePath());
  }

  /** The folder of the jars the workers run, when the launcher named one. */
  static Optional<Path> lib() {
    return property(LIB_PROPERTY);
  }

  private static Optional<Path> property(String name) {
    String value = System.getProperty(name, "").trim();
    return value.isEmpty() ? Optional.empty() : Optional.of(Path.of(value).toAbsolutePath());
  }
}
