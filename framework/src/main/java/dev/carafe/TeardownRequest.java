package dev.carafe;

import java.util.Optional;

/**
 * Runs at the end of every request, after the response is written, even when it failed; {@code
 * error} holds an exception no error handler took, as Flask's {@code teardown_request} is told.
 */
@FunctionalInterface
public interface TeardownRequest {
  void teardown(Request request, Optional<Throwable> error) throws Exception;
}
