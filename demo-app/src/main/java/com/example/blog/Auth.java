package com.example.blog;

import dev.carafe.Blueprint;
import dev.carafe.Request;
import dev.carafe.Response;
import dev.carafe.Session;
import dev.carafe.View;
import dev.carafe.database.Database;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Registration, log in and log out: the {@code auth} blueprint under {@code /auth}. */
final class Auth {
  private static final String USER = "user";

  private Auth() {}

  static Blueprint blueprint() {
    Blueprint auth = new Blueprint("auth", "/auth");
    auth.route("/register", List.of("GET", "POST"), "register", Auth::register);
    auth.route("/login", List.of("GET", "POST"), "login", Auth::login);
    auth.post("/logout", "logout", Auth::logout);
    return auth;
  }

  /**
   * The logged-in user, loaded once per request and only when something asks: the session's user
   * while its login token is the user's, so a cookie kept after log out logs no one in.
   */
  static Optional<User> currentUser(Request request) throws SQLException {
    if (!request.g().containsKey(USER)) {
      Optional<Long> id = request.session().getLong("user_id");
      Optional<String> token = request.session().getString("login_token");
      Optional<User> user =
          id.isEmpty() || token.isEmpty()
              ? Optional.empty()
              : Users.byLogin(Database.of(request), id.get(), token.get());
      request.g().put(USER, user);
    }
    @SuppressWarnings("unchecked")
    Optional<User> user = (Optional<User>) request.g().get(USER);
    return user;
  }

  /**
   * Flask's {@code login_required}: anonymous visitors are sent to the login page, which sends them
   * back here afterwards.
   */
  static View loginRequired(View view) {
    return request ->
        currentUser(request).isPresent()
            ? view.handle(request)
            : Response.redirect(request.urlFor("auth.login", Map.of("next", request.path())));
  }

  /**
   * True for a path on this site. Anything else in {@code next=} (another host, {@code //host},
   * {@code /\host}, a scheme, a line break) would make the login page an open redirect.
   */
  static boolean isLocalPath(String target) {
    return target.startsWith("/")
        && !target.startsWith("//")
        && target.chars().noneMatch(c -> c == '\\' || c < 0x20 || c == 0x7f);
  }

  private static Object register(Request request) throws SQLException {
    if (request.method().equals("POST")) {
      String username = request.form().get("username", "").strip();
      String password = request.form().get("password", "");
      String error = null;
      if (username.isEmpty()) {
        error = "Username is required.";
      } else if (password.isEmpty()) {
        error = "Password is required.";
      } else if (Users.register(Database.of(request), username, password).isEmpty()) {
        error = "User " + username + " is already registered.";
      }
      if (error == null) {
        request.session().flash("Registered. Please log in.", "success");
        return Response.redirect(request.urlFor("auth.login"));
      }
      request.session().flash(error, "error");
    }
    return request.render("auth/register.html", Map.of());
  }

  private static Object login(Request request) throws SQLException {
    if (request.method().equals("POST")) {
      String username = request.form().get("username", "").strip();
      String password = request.form().get("password", "");
      Optional<User> user = PasswordChecks.of(request).authenticate(request, username, password);
      if (user.isPresent()) {
        // A fresh session on log in: nothing from before (a planted id, an old token) survives.
        Session session = request.session().clear();
        session.put("user_id", user.get().id());
        session.put("login_token", Users.loginToken(Database.of(request), user.get().id()));
        String next = request.args().get("next", "");
        return Response.redirect(isLocalPath(next) ? next : request.urlFor("blog.index"));
      }
      request.session().flash("Incorrect username or password.", "error");
    }
    return request.render("auth/login.html", Map.of());
  }

  private static Object logout(Request request) throws SQLException {
    Optional<User> user = currentUser(request);
    if (user.isPresent()) {
      Users.endSessions(Database.of(request), user.get().id());
    }
    request.session().clear();
    return Response.redirect(request.urlFor("blog.index"));
  }
}
