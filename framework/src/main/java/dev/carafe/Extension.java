package dev.carafe;

/**
 * Something that sets itself up on every new app, Flask's {@code init_app(app)}: Carafe's own
 * signed-cookie sessions and Pebble templates plug into the core this way. Every implementation
 * named in {@code META-INF/services/dev.carafe.Extension} (or provided by a module) is created once
 * per process and initialises each app when the app is created, after Carafe's own setup and before
 * the app's factory adds its routes.
 */
public interface Extension {
  /** Installs this extension on a new app: hooks, a session interface, a template renderer. */
  void init(Carafe app);
}
