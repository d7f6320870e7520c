package dev.carafe;

/** Runs after the view (or the error handler) and may change the response before it is sent. */
@FunctionalInterface
public interface AfterRequest {
  void after(Request request, Response response) throws Exception;
}
