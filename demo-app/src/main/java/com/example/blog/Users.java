package com.example.blog;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Optional;

/** The user table. */
final class Users {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Users() {}

  /** Registers a user; empty when the name is taken. */
  static Optional<User> register(Connection db, String username, String password)
      throws SQLException {
    String hash = Passwords.hash(password);
    try (PreparedStatement insert =
        db.prepareStatement(
            "INSERT INTO users (username, password) VALUES (?, ?) ON CONFLICT (username) DO NOTHING"
                + " RETURNING id")) {
      insert.setString(1, username);
      insert.setString(2, hash);
      try (ResultSet rows = insert.executeQuery()) {
        return rows.next() ? Optional.of(new User(rows.getLong(1), username)) : Optional.empty();
      }
    }
  }

  /**
   * The user with this name and password; the same work is done whether or not the name exists.
   * Views call it through {@link PasswordChecks}, which limits how often it runs.
   */
  static Optional<User> authenticate(Connection db, String username, String password)
      throws SQLException {
    try (PreparedStatement query =
        db.prepareStatement("SELECT id, password FROM users WHERE username = ?")) {
      query.setString(1, username);
      try (ResultSet rows = query.executeQuery()) {
        if (!rows.next()) {
          Passwords.verifyDecoy(password);
          return Optional.empty();
        }
        return Passwords.verify(password, rows.getString("password"))
            ? Optional.of(new User(rows.getLong("id"), username))
            : Optional.empty();
      }
    }
  }

  /** The user whose session carries this id and login token; empty once the user logged out. */
  static Optional<User> byLogin(Connection db, long id, String token) throws SQLException {
    try (PreparedStatement query =
        db.prepareStatement(
            "SELECT id, username FROM users JOIN login_token ON user_id = id"
                + " WHERE id = ? AND token = ?")) {
      query.setLong(1, id);
      query.setString(2, token);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next()
            ? Optional.of(new User(rows.getLong("id"), rows.getString("username")))
            : Optional.empty();
      }
    }
  }

  /** The user's login token: made at the first log in, shared by every session until log out. */
  static String loginToken(Connection db, long id) throws SQLException {
    try (PreparedStatement insert =
        db.prepareStatement(
            "INSERT INTO login_token (user_id, token) VALUES (?, ?)"
                + " ON CONFLICT (user_id) DO NOTHING")) {
      insert.setLong(1, id);
      insert.setString(2, newToken());
      insert.executeUpdate();
    }
    try (PreparedStatement query =
        db.prepareStatement("SELECT token FROM login_token WHERE user_id = ?")) {
      query.setLong(1, id);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getString("token");
      }
    }
  }

  /**
   * Ends every session of the user, on every device: the signed cookies stay valid, but the token
   * they carry is gone. Log out calls it; so must anything that changes a password.
   */
  static void endSessions(Connection db, long id) throws SQLException {
    try (PreparedStatement delete =
        db.prepareStatement("DELETE FROM login_token WHERE user_id = ?")) {
      delete.setLong(1, id);
      delete.executeUpdate();
    }
  }

  private static String newToken() {
    byte[] token = new byte[16];
    RANDOM.nextBytes(token);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
  }
}
