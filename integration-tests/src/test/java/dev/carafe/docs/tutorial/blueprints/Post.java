package dev.carafe.docs.tutorial.blueprints;

/** A blog post. */
public record Post(long id, String title, String body) {}
