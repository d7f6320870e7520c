package dev.carafe.templates;

import dev.carafe.Request;
import java.util.Map;

/** Adds values to every template's context, Flask's {@code context_processor}. */
@FunctionalInterface
public interface ContextProcessor {
  Map<String, ?> values(Request request) throws Exception;
}
