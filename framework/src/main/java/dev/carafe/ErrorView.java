package dev.carafe;

/**
 * Turns an error into a response. Its return value is converted like a {@link View}'s; the status
 * defaults to the error's own (the aborted status, or 500) unless a {@link Response} sets one.
 * Returning the {@link HttpAbort} it was given answers with Carafe's error page for it, headers
 * included, as a Flask handler returning its {@code HTTPException} does.
 */
@FunctionalInterface
public interface ErrorView<E extends Throwable> {
  Object handle(Request request, E error) throws Exception;
}
