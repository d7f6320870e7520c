package dev.carafe;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Werkzeug's {@code iri_to_uri}: a URL that may hold any character made fit for a header. Non-ASCII
 * and characters URLs do not allow are percent-encoded as UTF-8, a host is encoded as punycode;
 * reserved characters and existing {@code %} escapes are kept, so an encoded URL stays as it is.
 */
final class IriToUri {
  /** Werkzeug's {@code _always_safe} and {@code _to_uri_safe}. */
  private static final String SAFE =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~$!'()*+,;:/?#[]@&=%";

  /** Werkzeug's {@code url_quote(..., safe="/:%")} for a user name and password. */
  private static final String USERINFO_SAFE =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~$!'()*+,;/:%";

  /** An optional scheme and {@code //}, the authority, then the rest. */
  private static final Pattern WITH_AUTHORITY =
      Pattern.compile("((?:[a-zA-Z0-9+.-]+:)?//)([^/?#]*)(.*)", Pattern.DOTALL);

  private IriToUri() {}

  /** The URL with everything a URI may not hold encoded. */
  static String convert(String iri) {
    Matcher parts = WITH_AUTHORITY.matcher(iri);
    if (!parts.matches()) {
      return quote(iri, SAFE);
    }
    return parts.group(1) + authority(parts.group(2)) + quote(parts.group(3), SAFE);
  }

  /**
   * Werkzeug's {@code safe_conversion}, used for {@code Location}: an ASCII URL without whitespace
   * is left as the app wrote it, since some schemes mean something else once re-encoded; controls
   * are encoded too, where Werkzeug would send them raw.
   */
  static String convertUnlessAscii(String iri) {
    return iri.chars().allMatch(c -> c > 0x20 && c < 0x7f) ? iri : convert(iri);
  }

  private static String authority(String authority) {
    int at = authority.lastIndexOf('@');
    String userInfo = at < 0 ? "" : quote(authority.substring(0, at), USERINFO_SAFE) + "@";
    String hostPort = authority.substring(at + 1);
    if (hostPort.startsWith("[") || hostPort.chars().allMatch(c -> c < 0x80)) {
      return userInfo + hostPort; // an IPv6 literal or an ASCII host
    }
    int colon = hostPort.lastIndexOf(':');
    String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
    String port = colon < 0 ? "" : hostPort.substring(colon);
    try {
      return userInfo + IDN.toASCII(host, IDN.ALLOW_UNASSIGNED) + port;
    } catch (IllegalArgumentException notAHostName) {
      return userInfo + quote(hostPort, SAFE);
    }
  }

  private static String quote(String text, String safe) {
    StringBuilder out = new StringBuilder(text.length());
    for (byte b : text.getBytes(UTF_8)) {
      int c = b & 0xff;
      if (c < 0x80 && safe.indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02X", c));
      }
    }
    return out.toString();
  }
}
