package dev.carafe.templates;

import dev.carafe.Carafe;
import dev.carafe.Extension;

/**
 * Installs Pebble templates on every app: found by Carafe through {@code META-INF/services}, never
 * called by applications, which render with {@code req.render(...)} and add filters, globals and
 * context processors with the app's methods.
 */
public final class PebbleTemplates implements Extension {
  /** Made by Carafe's extension loader. */
  public PebbleTemplates() {}

  @Override
  public void init(Carafe app) {
    app.templateRenderer(new PebbleRenderer(app));
  }
}
