package dev.carafe.bench.hostile;

import java.util.Map;

/**
 * Logs in, keeps a copy of the session cookie, logs out, and comes back with the copy: a server
 * that still treats it as logged in lets a stolen cookie outlive the logout.
 */
final class CookieReplay implements Attack {
  @Override
  public Outcome run(Context context) throws Exception {
    Visitor visitor = new Visitor(context.target());
    visitor.logIn(context.username(), context.password());
    String copy = visitor.cookieHeader();
    int loggedIn = visitor.get("/create").status();
    int logout = visitor.submit("/", "/auth/logout", Map.of()).status();
    int afterLogout = visitor.get("/create").status();
    Visitor replay = new Visitor(context.target());
    replay.cookies(copy);
    HttpAnswer replayed = replay.get("/create");
    String verdict =
        replayed.status() == 200 ? "let through: the old cookie is still logged in" : "refused";
    return new Outcome(
        1,
        String.format(
            "GET /create with the cookie copied before logout: %d, %s (logged in %d, logout %d,"
                + " after logout %d)",
            replayed.status(), verdict, loggedIn, logout, afterLogout));
  }
}
