package dev.carafe;

import java.util.Map;

/** Adds values to every template's context, Flask's {@code context_processor}. */
@FunctionalInterface
public interface ContextProcessor {
  /** The values to add for this request. */
  Map<String, ?> values(Request request) throws Exception;
}
