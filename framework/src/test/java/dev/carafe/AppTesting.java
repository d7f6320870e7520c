package dev.carafe;

/** Small fixtures for HTTP-level tests. */
final class AppTesting {
  private AppTesting() {}

  /** An app with defaults only: no carafe.properties or environment leaks into tests. */
  static Carafe app() {
    return Carafe.create(Config.defaults());
  }

  static Carafe app(String key, String value) {
    return Carafe.create(Config.builder().set(key, value).build());
  }
}
