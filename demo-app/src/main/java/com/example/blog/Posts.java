package com.example.blog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The post table; the HTML pages and the JSON API both read and write through here. */
final class Posts {
  private static final String SELECT =
      "SELECT p.id, title, body, created, author_id, username"
          + " FROM post p JOIN users u ON p.author_id = u.id";

  private Posts() {}

  /** Every post, newest first. */
  static List<Post> all(Connection db) throws SQLException {
    try (PreparedStatement query =
            db.prepareStatement(SELECT + " ORDER BY created DESC, p.id DESC");
        ResultSet rows = query.executeQuery()) {
      List<Post> posts = new ArrayList<>();
      while (rows.next()) {
        posts.add(post(rows));
      }
      return posts;
    }
  }

  static Optional<Post> byId(Connection db, long id) throws SQLException {
    try (PreparedStatement query = db.prepareStatement(SELECT + " WHERE p.id = ?")) {
      query.setLong(1, id);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next() ? Optional.of(post(rows)) : Optional.empty();
      }
    }
  }

  static Post create(Connection db, User author, String title, String body) throws SQLException {
    try (PreparedStatement insert =
        db.prepareStatement(
            "INSERT INTO post (title, body, author_id) VALUES (?, ?, ?) RETURNING id")) {
      insert.setString(1, title);
      insert.setString(2, body);
      insert.setLong(3, author.id());
      try (ResultSet rows = insert.executeQuery()) {
        rows.next();
        return byId(db, rows.getLong(1)).orElseThrow();
      }
    }
  }

  static void update(Connection db, long id, String title, String body) throws SQLException {
    try (PreparedStatement update =
        db.prepareStatement("UPDATE post SET title = ?, body = ? WHERE id = ?")) {
      update.setString(1, title);
      update.setString(2, body);
      update.setLong(3, id);
      update.executeUpdate();
    }
  }

  static void delete(Connection db, long id) throws SQLException {
    try (PreparedStatement delete = db.prepareStatement("DELETE FROM post WHERE id = ?")) {
      delete.setLong(1, id);
      delete.executeUpdate();
    }
  }

  private static Post post(ResultSet rows) throws SQLException {
    return new Post(
        rows.getLong("id"),
        rows.getString("title"),
        rows.getString("body"),
        rows.getString("created"),
        rows.getLong("author_id"),
        rows.getString("username"));
  }
}
