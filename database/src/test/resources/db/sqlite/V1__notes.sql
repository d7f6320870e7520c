-- SQLite only, for the tests: notes people write, with a writer.
CREATE TABLE writer (
  id INTEGER PRIMARY KEY,
  name VARCHAR(100) NOT NULL UNIQUE
);

CREATE TABLE note (
  id INTEGER PRIMARY KEY,
  writer_id INTEGER NOT NULL REFERENCES writer (id),
  body TEXT NOT NULL
);
