"""Seeds the blog database both the Carafe demo and its Flask twin read in the benchmark.

    python3 seed.py DATABASE

The tables are the demo's: bench/run.sh creates them first with the demo's own migrations
(`./run-prod.sh db-migrate`), and the statements below make the ones missing when it could not.
20 posts by one author, so that the page and the post list do the same work in every stack.
"""

import sqlite3
import sys

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY AUTOINCREMENT, username TEXT UNIQUE NOT NULL, password TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS post (
  id INTEGER PRIMARY KEY AUTOINCREMENT, author_id INTEGER NOT NULL REFERENCES users (id),
  created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  title TEXT NOT NULL, body TEXT NOT NULL);
"""

BODY = ("Carafe and Flask render the same twenty posts from the same SQLite file, so the page "
        "and the list cost the same work in both stacks. ") * 2


def seed(path):
    with sqlite3.connect(path) as db:
        db.executescript(SCHEMA)
        db.executescript("DELETE FROM post; DELETE FROM users;")
        # Nobody logs in during the benchmark: the password is not a usable hash.
        db.execute("INSERT INTO users (id, username, password) VALUES (1, 'bench', '!')")
        db.executemany(
            "INSERT INTO post (author_id, created, title, body) VALUES (1, ?, ?, ?)",
            [(f"2025-06-{i:02d}T09:30:00Z", f"Post number {i}", BODY) for i in range(1, 21)])


if __name__ == "__main__":
    seed(sys.argv[1])
