package dev.carafe.docs.tutorial.blueprints;

// snippet:file
/** A blog post. */
public record Post(long id, String title, String body) {}
// end-snippet:file
