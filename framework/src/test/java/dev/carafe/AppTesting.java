package dev.carafe;

/** Small fixtures for HTTP-level tests. */
final class AppTesting {
  private AppTesting() {}

  /**
   * An app with defaults only, so no carafe.properties or environment leaks into tests; CSRF is off
   * because these tests post without a session (CsrfTest covers it).
   */
  static Carafe app() {
    return Carafe.create(Config.builder().set("csrf_enabled", "false").build());
  }

  static Carafe app(String key, String value) {
    return Carafe.create(Config.builder().set("csrf_enabled", "false").set(key, value).build());
  }
}
