package dev.carafe.docs.tutorial.auth;

/** A registered author; the password hash never leaves {@link Users}. */
public record User(long id, String username) {}
