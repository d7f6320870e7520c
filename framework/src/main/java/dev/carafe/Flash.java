package dev.carafe;

/** A message flashed for the next page, with its category ("message", "error", "success"...). */
public record Flash(String category, String message) {}
