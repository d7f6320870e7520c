-- The app's first migration. Flyway runs each file in db/migration once, in version order, and
-- records it in the database: mvn carafe:dev as the app starts, the db-migrate command in
-- production. Change the schema with a new file, V2__what_it_does.sql; never edit one that ran.
-- This SQL runs on SQLite and PostgreSQL alike.
CREATE TABLE greeting (
  id INTEGER PRIMARY KEY,
  message TEXT NOT NULL
);

INSERT INTO greeting (id, message) VALUES
  (1, 'Hello, World!'),
  (2, 'Hallo, Welt!'),
  (3, 'Hola, Mundo!');
