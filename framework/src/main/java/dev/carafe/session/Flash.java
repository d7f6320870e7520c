package dev.carafe.session;

/** A message flashed for the next page, with its category ("message", "error", "success"...). */
public record Flash(String category, String message) {}
