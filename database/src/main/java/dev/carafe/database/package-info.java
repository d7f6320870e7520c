/**
 * A Carafe app's database: {@link dev.carafe.database.Database} opens a HikariCP pool with the app
 * and closes it with the app, lends each request a connection, and runs the app's Flyway migrations
 * (the {@code db-migrate} command; at start in development). SQLite by default, PostgreSQL by
 * setting {@code database_url}.
 */
package dev.carafe.database;
