package dev.carafe;

/**
 * A message flashed for the next page, with its category ("message", "error", "success"...): the
 * pair Flask's {@code get_flashed_messages(with_categories=True)} gives, read in templates as
 * {@code m.category} and {@code m.message}.
 */
public record Flash(String category, String message) {}
