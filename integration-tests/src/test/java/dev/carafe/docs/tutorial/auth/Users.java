package dev.carafe.docs.tutorial.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The user table. */
final class Users {
  private Users() {}

  /** Registers a user; empty when the name is taken. */
  static Optional<User> register(Connection db, String username, String password)
      throws SQLException {
    String hash = Passwords.hash(password);
    try (PreparedStatement insert =
        db.prepareStatement(
            "INSERT INTO user (username, password) VALUES (?, ?) ON CONFLICT (username) DO NOTHING"
                + " RETURNING id")) {
      insert.setString(1, username);
      insert.setString(2, hash);
      try (ResultSet rows = insert.executeQuery()) {
        return rows.next() ? Optional.of(new User(rows.getLong(1), username)) : Optional.empty();
      }
    }
  }

  /** The user with this name and password; the same work is done whether or not the name exists. */
  static Optional<User> authenticate(Connection db, String username, String password)
      throws SQLException {
    try (PreparedStatement query =
        db.prepareStatement("SELECT id, password FROM user WHERE username = ?")) {
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

  static Optional<User> byId(Connection db, long id) throws SQLException {
    try (PreparedStatement query =
        db.prepareStatement("SELECT id, username FROM user WHERE id = ?")) {
      query.setLong(1, id);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next()
            ? Optional.of(new User(rows.getLong("id"), rows.getString("username")))
            : Optional.empty();
      }
    }
  }
}
