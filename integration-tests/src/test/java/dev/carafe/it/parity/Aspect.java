package dev.carafe.it.parity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.carafe.it.parity.Browser.Reply;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One part of an answer a row compares, written so that only its meaning counts: the two servers
 * may order JSON keys, Allow methods or cookie attributes differently, and Werkzeug writes routing
 * redirects as absolute URLs of the server asked, where a relative one means the same.
 */
record Aspect(String label, Function<Reply, String> read) {
  static final String NONE = "(none)";

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
          .build();

  static final Aspect STATUS = new Aspect("status", reply -> String.valueOf(reply.status()));

  /** Location relative to the server asked, as the browser resolves it. */
  static final Aspect LOCATION =
      new Aspect(
          "Location",
          reply ->
              reply.header("Location").stream()
                  .map(
                      url ->
                          url.startsWith(reply.origin())
                              ? url.substring(reply.origin().length())
                              : url)
                  .findFirst()
                  .orElse(NONE));

  /** The methods allowed, in alphabetical order. */
  static final Aspect ALLOW =
      new Aspect(
          "Allow",
          reply ->
              reply.header("Allow").isEmpty()
                  ? NONE
                  : reply.header("Allow").stream()
                      .flatMap(value -> List.of(value.split(",")).stream())
                      .map(method -> method.trim().toUpperCase(Locale.ROOT))
                      .collect(Collectors.toCollection(TreeSet::new))
                      .toString());

  /** The media type and its parameters, case and spacing aside. */
  static final Aspect CONTENT_TYPE =
      new Aspect(
          "Content-Type",
          reply ->
              reply.header("Content-Type").stream()
                  .map(type -> type.toLowerCase(Locale.ROOT).replaceAll("\\s*;\\s*", "; "))
                  .findFirst()
                  .orElse(NONE));

  /** Every cookie set, each in {@link SetCookie#canonical()} form, by name. */
  static final Aspect SET_COOKIE =
      new Aspect(
          "Set-Cookie",
          reply ->
              reply.header("Set-Cookie").isEmpty()
                  ? NONE
                  : reply.header("Set-Cookie").stream()
                      .map(header -> SetCookie.parse(header).canonical())
                      .sorted()
                      .collect(Collectors.joining(" + ")));

  static final Aspect WWW_AUTHENTICATE = header("WWW-Authenticate");
  static final Aspect RETRY_AFTER = header("Retry-After");

  /** The body as JSON with sorted keys and non-ASCII escaped, so U+FFFD reads as such. */
  static final Aspect JSON_BODY =
      new Aspect(
          "body",
          reply -> {
            try {
              return JSON.writeValueAsString(JSON.readValue(reply.body(), Object.class));
            } catch (JsonProcessingException e) {
              return "(not JSON) " + abbreviate(reply.body());
            }
          });

  /** The body text exactly, line breaks shown as \\n. */
  static final Aspect TEXT_BODY =
      new Aspect(
          "body", reply -> reply.body().isEmpty() ? "(empty)" : reply.body().replace("\n", "\\n"));

  /** Whether the body carries a text: for error pages, whose markup differs on purpose. */
  static Aspect bodyMentions(String text) {
    return new Aspect(
        "body mentions",
        reply -> reply.body().contains(text) ? "'" + text + "'" : "not '" + text + "'");
  }

  /** A header's values as sent, comma-joined. */
  static Aspect header(String name) {
    return new Aspect(
        name, reply -> reply.header(name).isEmpty() ? NONE : String.join(", ", reply.header(name)));
  }

  private static String abbreviate(String body) {
    String oneLine = body.replace("\n", "\\n");
    return oneLine.length() > 80 ? oneLine.substring(0, 80) + "…" : oneLine;
  }
}
