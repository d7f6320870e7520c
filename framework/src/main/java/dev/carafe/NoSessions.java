package dev.carafe;

import java.util.Map;

/**
 * The session interface of an app no extension gave one: empty sessions that refuse to be saved,
 * with what to add.
 */
final class NoSessions implements SessionInterface {
  @Override
  public Session open(Request request) {
    return Session.of(Map.of());
  }

  @Override
  public void save(Request request, Session session, Response response) {
    if (session.isModified()) {
      throw new IllegalStateException(
          "This app has no session interface, so the session cannot be saved: put Carafe's"
              + " dev.carafe.session package on the class path, or set one with"
              + " app.sessionInterface(...).");
    }
  }
}
