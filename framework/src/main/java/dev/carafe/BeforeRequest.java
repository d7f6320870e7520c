package dev.carafe;

/**
 * Runs before the view. Returning {@code null} lets the request continue; returning anything else
 * answers the request with that value instead of calling the view.
 */
@FunctionalInterface
public interface BeforeRequest {
  Object before(Request request) throws Exception;
}
