package dev.carafe.docs.tutorial.database;

/** A registered author; the password hash never leaves {@link Users}. */
public record User(long id, String username) {}
