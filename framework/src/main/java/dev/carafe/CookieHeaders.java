package dev.carafe;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes {@code Set-Cookie} and reads {@code Cookie} the way Werkzeug does, so any text value
 * round-trips and cookies a Flask app set read the same: a value with characters outside RFC 6265's
 * is sent in double quotes, with {@code "} and {@code \} escaped by a backslash and {@code ,},
 * {@code ;}, controls and every byte of non-ASCII UTF-8 as octal escapes ({@code \054}).
 *
 * <p>Servlet containers check values against RFC 6265 and refuse such a value, or drop such a
 * cookie when reading, so Carafe writes and reads these headers itself.
 */
final class CookieHeaders {
  /** Werkzeug's {@code _legal_cookie_chars}: a value made of these alone is sent as it is. */
  private static final String LEGAL =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/=!#$%&'*+-.^_`|~:";

  /** Werkzeug's {@code _cookie_re}, applied to the header's bytes as Latin-1 characters. */
  private static final Pattern PAIR =
      Pattern.compile(
          "([^=;]*)(?:\\s*=\\s*(\"(?:[^\\\\\"]|\\\\.)*\"|(?:.*?)))?\\s*;", Pattern.UNIX_LINES);

  private CookieHeaders() {}

  /** The value of a {@code Set-Cookie} header for this cookie, in Werkzeug's attribute order. */
  static String setCookie(Cookie cookie, Instant now) {
    StringBuilder header = new StringBuilder(cookie.name()).append('=');
    header.append(quote(cookie.value()));
    cookie.domain().ifPresent(domain -> header.append("; Domain=").append(domain));
    cookie
        .expires()
        .or(() -> cookie.maxAge().map(now::plus))
        .ifPresent(
            at -> header.append("; Expires=").append(FileResponse.httpDate(at.toEpochMilli())));
    cookie.maxAge().ifPresent(age -> header.append("; Max-Age=").append(age.toSeconds()));
    if (cookie.secure()) {
      header.append("; Secure");
    }
    if (cookie.httpOnly()) {
      header.append("; HttpOnly");
    }
    header.append("; Path=").append(IriToUri.convert(cookie.path()));
    cookie.sameSite().ifPresent(s -> header.append("; SameSite=").append(s.attribute()));
    return header.toString();
  }

  /** Werkzeug's {@code _cookie_quote}: the value as is, or quoted and escaped. */
  static String quote(String value) {
    StringBuilder quoted = new StringBuilder();
    boolean legal = true;
    for (byte b : value.getBytes(UTF_8)) {
      int c = b & 0xff;
      if (c < 128 && LEGAL.indexOf(c) >= 0) {
        quoted.append((char) c);
        continue;
      }
      legal = false;
      if (c == '"' || c == '\\') {
        quoted.append('\\').append((char) c);
      } else if (c < 32 || c >= 127 || c == ',' || c == ';') {
        quoted.append('\\').append(String.format(Locale.ROOT, "%03o", c));
      } else {
        quoted.append((char) c); // a space, parentheses, brackets...: legal inside quotes
      }
    }
    return legal ? quoted.toString() : "\"" + quoted + "\"";
  }

  /**
   * Werkzeug's {@code parse_cookie}: the cookies of a {@code Cookie} header, the first of a name
   * winning, values unquoted and decoded as UTF-8.
   */
  static Map<String, String> parse(String header) {
    String bytes = asLatin1(header) + ";";
    Map<String, String> cookies = new LinkedHashMap<>();
    Matcher pair = PAIR.matcher(bytes);
    int at = 0;
    while (at < bytes.length() - 1) {
      pair.region(at, bytes.length());
      if (!pair.lookingAt()) {
        break;
      }
      at = pair.end();
      String key = pair.group(1).strip();
      if (!key.isEmpty()) {
        String value = pair.group(2) == null ? "" : unquote(pair.group(2));
        cookies.putIfAbsent(utf8(key), utf8(value));
      }
    }
    return Collections.unmodifiableMap(cookies);
  }

  /** Werkzeug's {@code _cookie_unquote}: a quoted value without its quotes and escapes. */
  private static String unquote(String value) {
    if (value.length() < 2 || !value.startsWith("\"") || !value.endsWith("\"")) {
      return value;
    }
    StringBuilder plain = new StringBuilder();
    String inner = value.substring(1, value.length() - 1);
    for (int i = 0; i < inner.length(); i++) {
      char c = inner.charAt(i);
      if (c != '\\' || i + 1 == inner.length()) {
        plain.append(c);
      } else if (isOctalEscape(inner, i + 1)) {
        plain.append((char) Integer.parseInt(inner.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        plain.append(inner.charAt(++i));
      }
    }
    return plain.toString();
  }

  private static boolean isOctalEscape(String s, int from) {
    return from + 3 <= s.length()
        && s.charAt(from) >= '0'
        && s.charAt(from) <= '3'
        && s.charAt(from + 1) >= '0'
        && s.charAt(from + 1) <= '7'
        && s.charAt(from + 2) >= '0'
        && s.charAt(from + 2) <= '7';
  }

  /**
   * The header's bytes, one character each: Jetty hands header bytes over as Latin-1 characters;
   * anything beyond Latin-1 is taken back to its UTF-8 bytes.
   */
  private static String asLatin1(String header) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(header.length());
    header
        .codePoints()
        .forEach(
            c -> {
              if (c <= 0xff) {
                bytes.write(c);
              } else {
                bytes.writeBytes(Character.toString(c).getBytes(UTF_8));
              }
            });
    return bytes.toString(ISO_8859_1);
  }

  /** Latin-1 characters standing for bytes, read as UTF-8 (bad sequences become U+FFFD). */
  private static String utf8(String latin1) {
    return new String(latin1.getBytes(ISO_8859_1), UTF_8);
  }
}
