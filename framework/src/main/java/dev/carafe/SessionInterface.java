package dev.carafe;

/**
 * Where an app keeps sessions, Flask's {@code app.session_interface}: opens a request's {@link
 * Session} the first time the request asks for it, and saves it into the response after the view.
 * Carafe's default signs the session into a cookie; install another with {@link
 * Carafe#sessionInterface(SessionInterface)}.
 */
public interface SessionInterface {
  /** The session this request carries (an empty one when it carries none or a bad one). */
  Session open(Request request);

  /**
   * Saves a session the request opened: sets, refreshes or deletes what carries it. Runs as the
   * last after-request hook.
   */
  void save(Request request, Session session, Response response);
}
