package dev.carafe.internal;

import java.util.Locale;
import java.util.Set;

/**
 * The production check of {@code secret_key}: present, not a known placeholder, at least 16
 * characters. Both the app and the production master (which never loads the app) run it.
 */
public final class ProductionSecret {
  private static final Set<String> PLACEHOLDERS =
      Set.of(
          "dev",
          "development",
          "secret",
          "changeme",
          "change-me",
          "change_me",
          "please-change",
          "dev-secret",
          "insecure",
          "test",
          "default",
          "replace-me",
          "xxx",
          "todo");

  private ProductionSecret() {}

  /**
   * Checks a secret key for production ("" when none is set).
   *
   * @throws IllegalStateException with a message that says how to set one
   */
  public static void check(String secretKey) {
    String secret = secretKey.trim();
    String problem = null;
    if (secret.isEmpty()) {
      problem = "no secret_key is set";
    } else if (PLACEHOLDERS.contains(secret.toLowerCase(Locale.ROOT))
        || secret.toLowerCase(Locale.ROOT).contains("change")) {
      problem = "secret_key is a placeholder";
    } else if (secret.length() < 16) {
      problem = "secret_key is shorter than 16 characters";
    }
    if (problem != null) {
      throw new IllegalStateException(
          "Refusing to start in production: "
              + problem
              + ". Sessions are signed with it. Generate one with `openssl rand -hex 32` and set"
              + " CARAFE_SECRET_KEY (or secret_key in carafe.properties).");
    }
  }
}
