package dev.carafe.session;

import dev.carafe.Carafe;
import dev.carafe.Extension;

/**
 * Installs signed-cookie sessions on every app, as Flask's {@code SecureCookieSessionInterface} is
 * its default: found by Carafe through {@code META-INF/services}, never called by applications.
 */
public final class SignedCookieSessions implements Extension {
  /** Made by Carafe's extension loader. */
  public SignedCookieSessions() {}

  @Override
  public void init(Carafe app) {
    app.sessionInterface(SessionStore.of(app));
  }
}
