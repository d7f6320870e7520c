package dev.carafe.session;

import dev.carafe.Carafe;

/**
 * Puts signed-cookie sessions and CSRF protection on an app. Every {@link Carafe} app calls it when
 * it is created, so applications never need to.
 */
public final class Sessions {
  private Sessions() {}

  /** Adds the CSRF check before requests and the session cookie after them. */
  public static void install(Carafe app) {
    SessionStore store = SessionStore.of(app);
    if (!store.markInstalled()) {
      return;
    }
    if (app.config().getBool("csrf_enabled", true)) {
      app.beforeRequest(Csrf::protect);
    }
    app.afterRequest(store::save);
  }
}
