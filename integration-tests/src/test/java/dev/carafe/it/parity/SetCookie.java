package dev.carafe.it.parity;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code Set-Cookie} header read for what it tells a browser (RFC 6265), so two servers that say
 * the same thing in different words compare equal: attribute names and order do not count, a
 * leading dot of Domain is ignored, a cookie deleted by {@code Max-Age=0} or by an Expires in the
 * past is just "expired", and otherwise Expires counts only as "future" and only when no Max-Age
 * overrides it.
 */
record SetCookie(String name, String value, Map<String, String> attributes) {
  static SetCookie parse(String header) {
    String[] parts = header.split(";");
    String pair = parts[0].trim();
    int eq = pair.indexOf('=');
    Map<String, String> attributes = new LinkedHashMap<>();
    for (int i = 1; i < parts.length; i++) {
      String part = parts[i].trim();
      int at = part.indexOf('=');
      String key = (at < 0 ? part : part.substring(0, at)).trim().toLowerCase(Locale.ROOT);
      attributes.put(key, at < 0 ? "" : part.substring(at + 1).trim());
    }
    return new SetCookie(
        eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1), attributes);
  }

  /** True when a browser drops the cookie at once: Max-Age 0 or less, or an Expires past. */
  boolean expired() {
    String maxAge = attributes.get("max-age");
    if (maxAge != null) {
      return maxAge.startsWith("-") || maxAge.matches("0+");
    }
    return expires().filter(when -> when.isBefore(Instant.now())).isPresent();
  }

  /**
   * The cookie in one canonical form, e.g. {@code gone=; Path=/; expired}. SameSite=Lax is left
   * out: Carafe sends it on every cookie by default, Flask on none (a deliberate difference).
   */
  String canonical() {
    StringBuilder text = new StringBuilder(name).append('=').append(value);
    text.append("; Path=").append(attributes.getOrDefault("path", "(none)"));
    Optional.ofNullable(attributes.get("domain"))
        .map(domain -> domain.startsWith(".") ? domain.substring(1) : domain)
        .ifPresent(domain -> text.append("; Domain=").append(domain.toLowerCase(Locale.ROOT)));
    String maxAge = attributes.get("max-age");
    if (expired()) {
      text.append("; expired");
    } else if (maxAge != null) {
      text.append("; Max-Age=").append(maxAge);
    } else if (attributes.containsKey("expires")) {
      text.append("; Expires=")
          .append(expires().map(when -> "future").orElse(attributes.get("expires")));
    }
    for (String flag : new String[] {"secure", "httponly"}) {
      if (attributes.containsKey(flag)) {
        text.append(flag.equals("secure") ? "; Secure" : "; HttpOnly");
      }
    }
    String sameSite = attributes.get("samesite");
    if (sameSite != null && !sameSite.equalsIgnoreCase("lax")) {
      text.append("; SameSite=").append(sameSite);
    }
    return text.toString();
  }

  private Optional<Instant> expires() {
    String expires = attributes.get("expires");
    if (expires == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          ZonedDateTime.parse(expires, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
