package dev.carafe;

import java.util.Map;

/**
 * What an app has before an extension installs sessions and templates: empty sessions that refuse
 * to be saved, and no templates, each failing with what to add.
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

  static String noTemplates(String template, Map<String, Object> context) {
    throw new IllegalStateException(
        "This app has no template renderer to render "
            + template
            + ": put Carafe's dev.carafe.templates package on the class path, or set one with"
            + " app.templateRenderer(...).");
  }
}
