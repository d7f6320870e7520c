package dev.carafe.docs.tutorial.auth;

/** A blog post as the pages and the JSON API show it. */
public record Post(
    long id, String title, String body, String created, long authorId, String author) {}
