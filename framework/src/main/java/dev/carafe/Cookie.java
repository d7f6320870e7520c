package dev.carafe;

import java.net.IDN;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A cookie a response sets, Flask's {@code response.set_cookie(...)} as a value: a name and a value
 * with the attributes that tell the browser where to send it and for how long. Immutable; each
 * {@code with…} method returns a copy, one for each of Flask's keyword arguments ({@code max_age},
 * {@code expires}, {@code path}, {@code domain}, {@code secure}, {@code httponly}, {@code
 * samesite}).
 *
 * <pre>{@code
 * response.cookie(Cookie.of("theme", "dark").withMaxAge(Duration.ofDays(365)).withHttpOnly(true));
 * }</pre>
 *
 * <p>A plain cookie has no {@code SameSite} attribute, as in Flask, and the browser applies its own
 * default; the session cookie is {@code Lax} unless {@code session_cookie_samesite} says otherwise.
 */
public final class Cookie {
  /** Whether the browser sends the cookie with requests that other sites start. */
  public enum SameSite {
    STRICT,
    LAX,
    NONE;

    /**
     * The attribute's value as written in {@code Set-Cookie}: {@code Strict}, {@code Lax}, {@code
     * None}.
     */
    public String attribute() {
      String name = name().toLowerCase(Locale.ROOT);
      return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
  }

  private final String name;
  private final String value;
  private final String path;
  private final Optional<String> domain;
  private final Optional<Duration> maxAge;
  private final Optional<Instant> expires;
  private final boolean secure;
  private final boolean httpOnly;
  private final Optional<SameSite> sameSite;

  private Cookie(
      String name,
      String value,
      String path,
      Optional<String> domain,
      Optional<Duration> maxAge,
      Optional<Instant> expires,
      boolean secure,
      boolean httpOnly,
      Optional<SameSite> sameSite) {
    this.name = name;
    this.value = value;
    this.path = path;
    this.domain = domain;
    this.maxAge = maxAge;
    this.expires = expires;
    this.secure = secure;
    this.httpOnly = httpOnly;
    this.sameSite = sameSite;
  }

  /**
   * A cookie for the whole site ({@code Path=/}) that lasts until the browser closes. The value may
   * be any text: one with spaces, quotes, {@code ;} or non-ASCII characters is sent quoted and
   * escaped as Werkzeug does, and {@link Request#cookie} reads it back as it was.
   */
  public static Cookie of(String name, String value) {
    if (name == null || !name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
      throw new IllegalArgumentException(
          "'" + name + "' is not a valid cookie name: use letters, digits and -_.");
    }
    Objects.requireNonNull(value, "A cookie needs a value; use \"\" to clear one.");
    return new Cookie(
        name,
        value,
        "/",
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        false,
        false,
        Optional.empty());
  }

  public String name() {
    return name;
  }

  public String value() {
    return value;
  }

  /** The path the browser sends the cookie for; {@code /} unless set. */
  public String path() {
    return path;
  }

  /** The domain the browser sends the cookie to; empty: only the host that set it. */
  public Optional<String> domain() {
    return domain;
  }

  /** How long the cookie lives; empty: until the browser closes (a zero deletes it now). */
  public Optional<Duration> maxAge() {
    return maxAge;
  }

  /** When the cookie expires; empty when not set. */
  public Optional<Instant> expires() {
    return expires;
  }

  /** True when the cookie travels over HTTPS only. */
  public boolean secure() {
    return secure;
  }

  /** True when scripts in the page cannot read the cookie. */
  public boolean httpOnly() {
    return httpOnly;
  }

  /** The SameSite attribute; empty when the cookie has none. */
  public Optional<SameSite> sameSite() {
    return sameSite;
  }

  /** A copy sent for this path and below it only; any characters, sent percent-encoded. */
  public Cookie withPath(String path) {
    if (!path.startsWith("/") || path.indexOf(';') >= 0) {
      throw new IllegalArgumentException(
          "A cookie path starts with '/' and has no ';', got '" + path + "'.");
    }
    return new Cookie(name, value, path, domain, maxAge, expires, secure, httpOnly, sameSite);
  }

  /** A copy sent to this domain and its subdomains; an international name is sent as punycode. */
  public Cookie withDomain(String domain) {
    String ascii;
    try {
      ascii = IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED);
    } catch (IllegalArgumentException e) {
      ascii = "";
    }
    if (!ascii.matches("\\.?[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*")) {
      throw new IllegalArgumentException("'" + domain + "' is not a cookie domain.");
    }
    return new Cookie(
        name, value, path, Optional.of(ascii), maxAge, expires, secure, httpOnly, sameSite);
  }

  /**
   * A copy that lives this long, Flask's {@code max_age}; {@link Duration#ZERO} deletes the cookie.
   * It is sent as {@code Max-Age} with the matching {@code Expires}, unless {@link
   * #withExpires(Instant)} set one.
   */
  public Cookie withMaxAge(Duration maxAge) {
    if (maxAge.isNegative()) {
      throw new IllegalArgumentException(
          "A cookie's max age cannot be negative; leave it unset for a browser-session cookie.");
    }
    return new Cookie(
        name, value, path, domain, Optional.of(maxAge), expires, secure, httpOnly, sameSite);
  }

  /** A copy that lives this many seconds, Flask's {@code max_age=3600}. */
  public Cookie withMaxAge(long seconds) {
    return withMaxAge(Duration.ofSeconds(seconds));
  }

  /** A copy that expires at this instant, Flask's {@code expires}: sent as {@code Expires}. */
  public Cookie withExpires(Instant expires) {
    return new Cookie(
        name, value, path, domain, maxAge, Optional.of(expires), secure, httpOnly, sameSite);
  }

  /** A copy that expires at this date and time. */
  public Cookie withExpires(ZonedDateTime expires) {
    return withExpires(expires.toInstant());
  }

  /** A copy sent over HTTPS only (or over both, with false). */
  public Cookie withSecure(boolean secure) {
    return new Cookie(name, value, path, domain, maxAge, expires, secure, httpOnly, sameSite);
  }

  /** A copy hidden from scripts (or visible to them, with false). */
  public Cookie withHttpOnly(boolean httpOnly) {
    return new Cookie(name, value, path, domain, maxAge, expires, secure, httpOnly, sameSite);
  }

  /** A copy with this SameSite attribute. */
  public Cookie withSameSite(SameSite sameSite) {
    return new Cookie(
        name, value, path, domain, maxAge, expires, secure, httpOnly, Optional.of(sameSite));
  }

  /** A copy that deletes the cookie: empty, expired, for the same path and domain. */
  Cookie deleted() {
    return new Cookie(
        name,
        "",
        path,
        domain,
        Optional.of(Duration.ZERO),
        Optional.of(Instant.EPOCH),
        secure,
        httpOnly,
        sameSite);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Cookie c
        && name.equals(c.name)
        && value.equals(c.value)
        && path.equals(c.path)
        && domain.equals(c.domain)
        && maxAge.equals(c.maxAge)
        && expires.equals(c.expires)
        && secure == c.secure
        && httpOnly == c.httpOnly
        && sameSite.equals(c.sameSite);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, value, path, domain, maxAge, expires, secure, httpOnly, sameSite);
  }

  @Override
  public String toString() {
    return "Cookie[" + name + "; Path=" + path + "]";
  }
}
