-- The micro-blog's tables, in SQLite. db/postgresql/V1__schema.sql makes the same ones in
-- PostgreSQL; the migrations after it, in db/migration, are the same for both.
CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  username TEXT UNIQUE NOT NULL,
  password TEXT NOT NULL
);

-- The token a logged-in user's session cookies carry, made at log in. Logging out deletes it: every
-- cookie that carried it, a copy kept after log out included, logs no one in any more.
CREATE TABLE login_token (
  user_id INTEGER PRIMARY KEY REFERENCES users (id),
  token TEXT NOT NULL
);

CREATE TABLE post (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  author_id INTEGER NOT NULL REFERENCES users (id),
  created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  title TEXT NOT NULL,
  body TEXT NOT NULL
);
