package dev.carafe.session;

import dev.carafe.Config;
import dev.carafe.Cookie.SameSite;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Flask's session cookie settings, read once per app from its configuration. {@code secure} empty
 * means "auto": the cookie is marked Secure when the client reached the app over HTTPS.
 */
record SessionSettings(
    String cookieName,
    Optional<String> domain,
    String path,
    boolean httpOnly,
    Optional<Boolean> secure,
    Optional<SameSite> sameSite,
    Duration permanentLifetime,
    boolean refreshEachRequest) {

  static SessionSettings from(Config config) {
    String name = config.require("session_cookie_name");
    if (!name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
      throw new IllegalArgumentException(
          "session_cookie_name '" + name + "' is not a valid cookie name (letters, digits, -_.).");
    }
    return new SessionSettings(
        name,
        config.get("session_cookie_domain").filter(d -> !d.isBlank()),
        config.require("session_cookie_path"),
        config.getBool("session_cookie_httponly"),
        config
            .get("session_cookie_secure")
            .filter(v -> !v.isBlank() && !v.trim().equalsIgnoreCase("auto"))
            .map(v -> config.getBool("session_cookie_secure")),
        sameSite(config.require("session_cookie_samesite")),
        duration("permanent_session_lifetime", config.require("permanent_session_lifetime")),
        config.getBool("session_refresh_each_request"));
  }

  private static Optional<SameSite> sameSite(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "lax" -> Optional.of(SameSite.LAX);
      case "strict" -> Optional.of(SameSite.STRICT);
      case "none" -> Optional.of(SameSite.NONE);
      case "", "off", "false" -> Optional.empty();
      default ->
          throw new IllegalArgumentException(
              "session_cookie_samesite must be Lax, Strict, None or empty, got '" + value + "'.");
    };
  }

  /** Seconds, or a number with a unit: {@code 3600}, {@code 90m}, {@code 12h}, {@code 31d}. */
  static Duration duration(String key, String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    try {
      if (v.isEmpty()) {
        throw new NumberFormatException("empty");
      }
      char unit = v.charAt(v.length() - 1);
      if (Character.isDigit(unit)) {
        v += "s";
        unit = 's';
      }
      long amount = Long.parseLong(v.substring(0, v.length() - 1));
      Duration duration =
          switch (unit) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default -> throw new NumberFormatException(v);
          };
      if (duration.isNegative()) {
        throw new NumberFormatException(v);
      }
      return duration;
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          key
              + " must be whole seconds, or a whole number with s, m, h or d (e.g. 31d), got '"
              + value
              + "'.",
          e);
    }
  }
}
