package dev.carafe.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The protective response headers the configuration asks for, read once: the ones every response
 * gets, and HSTS, which only an HTTPS response gets. The app's responses and Jetty's own error
 * answers add the same ones.
 */
public final class SecurityHeaderValues {
  private final Map<String, String> always;
  private final String hsts;

  private SecurityHeaderValues(Map<String, String> always, String hsts) {
    this.always = always;
    this.hsts = hsts;
  }

  /**
   * The headers named by {@code settings} (a configuration lookup with Carafe's defaults); none
   * unless {@code enabled} ({@code security_headers}).
   */
  public static SecurityHeaderValues from(
      boolean enabled, Function<String, Optional<String>> settings) {
    Map<String, String> always = new LinkedHashMap<>();
    if (!enabled) {
      return new SecurityHeaderValues(always, "");
    }
    put(always, "X-Content-Type-Options", settings.apply("x_content_type_options"));
    put(always, "X-Frame-Options", settings.apply("x_frame_options"));
    put(always, "Content-Security-Policy", settings.apply("content_security_policy"));
    put(always, "Referrer-Policy", settings.apply("referrer_policy"));
    return new SecurityHeaderValues(
        always, settings.apply("strict_transport_security").orElse("").trim());
  }

  /**
   * Adds each header that {@code present} says the response lacks; {@code https} is asked only when
   * HSTS is configured (finding the scheme behind a proxy costs a look at its headers).
   */
  public void addMissing(
      BooleanSupplier https, Predicate<String> present, BiConsumer<String, String> add) {
    always.forEach(
        (name, value) -> {
          if (!present.test(name)) {
            add.accept(name, value);
          }
        });
    // HSTS means something only on HTTPS; over plain HTTP browsers ignore it anyway.
    if (!hsts.isEmpty() && https.getAsBoolean() && !present.test("Strict-Transport-Security")) {
      add.accept("Strict-Transport-Security", hsts);
    }
  }

  private static void put(Map<String, String> headers, String name, Optional<String> value) {
    if (value.isPresent() && !value.get().isBlank()) {
      headers.put(name, value.get().trim());
    }
  }
}
