-- The micro-blog's tables. The init-db command drops and recreates them.
CREATE TABLE IF NOT EXISTS user (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  username TEXT UNIQUE NOT NULL,
  password TEXT NOT NULL
);

-- The token a logged-in user's session cookies carry, made at log in. Logging out deletes it: every
-- cookie that carried it, a copy kept after log out included, logs no one in any more.
CREATE TABLE IF NOT EXISTS login_token (
  user_id INTEGER PRIMARY KEY REFERENCES user (id),
  token TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS post (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  author_id INTEGER NOT NULL REFERENCES user (id),
  created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  title TEXT NOT NULL,
  body TEXT NOT NULL
);
