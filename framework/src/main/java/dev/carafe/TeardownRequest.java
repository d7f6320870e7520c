package dev.carafe;

import java.util.Optional;

/** Runs at the end of every request, after the response is written, even when it failed. */
@FunctionalInterface
public interface TeardownRequest {
  void teardown(Request request, Optional<Throwable> error) throws Exception;
}
