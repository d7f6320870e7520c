package dev.carafe;

/**
 * A request handler. What it returns becomes the response: a {@code String} is HTML, a {@link
 * Response} sets status and headers, {@code byte[]} or an {@code InputStream} is a download, an
 * empty {@code Optional} is a 404, {@code null} leaves the context as the handler set it, and
 * anything else (a record, a Map, a List) is JSON.
 */
@FunctionalInterface
public interface View {
  Object handle(Request request) throws Exception;
}
