package dev.carafe.maven;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** What the plugin reads of a project's {@code carafe.properties}: the app class and the secret. */
final class ProjectConfig {
  /** The file, in the project's folder, where Carafe reads its settings by default. */
  static final String FILE = "carafe.properties";

  private final Properties properties;

  private ProjectConfig(Properties properties) {
    this.properties = properties;
  }

  /** The settings of {@code carafe.properties} in {@code basedir}; none if it has none. */
  static ProjectConfig load(Path basedir) throws IOException {
    Properties properties = new Properties();
    Path file = basedir.resolve(FILE);
    if (Files.isRegularFile(file)) {
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        properties.load(reader);
      }
    }
    return new ProjectConfig(properties);
  }

  /**
   * The app class: {@code configured} (the plugin's {@code app}), else the {@code app} key.
   *
   * @throws IllegalArgumentException naming both places, when neither names one
   */
  String app(Optional<String> configured) {
    return configured
        .filter(a -> !a.isBlank())
        .or(() -> Optional.ofNullable(properties.getProperty("app")).filter(a -> !a.isBlank()))
        .map(String::trim)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "No app class given. Name the class with `public static Carafe"
                        + " create(Config)` once: app=com.example.shop.App in "
                        + FILE
                        + ", or <configuration><app>com.example.shop.App</app></configuration>"
                        + " for carafe-maven-plugin in pom.xml (or -Dcarafe.app=...)."));
  }

  /** Whether a secret_key is set, in {@code environment} (CARAFE_SECRET_KEY) or in the file. */
  boolean hasSecretKey(Map<String, String> environment) {
    return !environment.getOrDefault("CARAFE_SECRET_KEY", "").isBlank()
        || !properties.getProperty("secret_key", "").isBlank();
  }

  /** A fresh random secret key: 32 bytes as 64 hex digits, as `openssl rand -hex 32` makes. */
  static String randomSecretKey() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
