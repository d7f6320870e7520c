package dev.carafe;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.util.CharsetStringBuilder;

/**
 * Reads a query string or an {@code application/x-www-form-urlencoded} body as Werkzeug's {@code
 * url_decode} does, so a Flask user finds the same values: pairs split on {@code &} only, empty
 * pairs skipped, a key without {@code =} given the value "", {@code +} a space, a {@code %} not
 * followed by two hex digits kept as written, and bytes the charset cannot decode replaced by
 * U+FFFD. Jetty's decoder refuses such text instead, and Javalin's gives an empty value for it.
 */
final class UrlEncodedDecoder {
  private UrlEncodedDecoder() {}

  /**
   * The fields of {@code encoded}, keys in the order first sent, each key's values in order; more
   * than {@code maxFields} pairs is a 413 that names {@code max_form_parts}.
   */
  static Map<String, List<String>> decode(byte[] encoded, Charset charset, int maxFields) {
    Map<String, List<String>> fields = new LinkedHashMap<>();
    int pairs = 0;
    for (int start = 0; start <= encoded.length; ) {
      int end = indexOf(encoded, '&', start, encoded.length);
      if (end > start) {
        if (++pairs > maxFields) {
          throw new HttpAbort(
              413,
              "The form has more fields than the limit of " + maxFields + " (max_form_parts).");
        }
        int equals = indexOf(encoded, '=', start, end);
        String key = unquote(encoded, start, equals, charset);
        String value = equals == end ? "" : unquote(encoded, equals + 1, end, charset);
        fields.computeIfAbsent(key, k -> new ArrayList<>(1)).add(value);
      }
      start = end + 1;
    }
    return fields;
  }

  private static int indexOf(byte[] bytes, char wanted, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return to;
  }

  private static String unquote(byte[] encoded, int from, int to, Charset charset) {
    CharsetStringBuilder text =
        CharsetStringBuilder.forCharset(
            charset, CodingErrorAction.REPLACE, CodingErrorAction.REPLACE);
    for (int i = from; i < to; i++) {
      byte b = encoded[i];
      if (b == '%' && i + 2 < to) {
        int high = hexValue(encoded[i + 1]);
        int low = hexValue(encoded[i + 2]);
        if (high >= 0 && low >= 0) {
          text.append((byte) (high << 4 | low));
          i += 2;
          continue;
        }
      }
      text.append(b == '+' ? (byte) ' ' : b);
    }
    try {
      return text.build(true); // true: what was replaced is not an error
    } catch (CharacterCodingException unreachable) {
      throw new IllegalStateException(unreachable);
    }
  }

  private static int hexValue(byte b) {
    return b >= 0 ? Character.digit(b, 16) : -1;
  }
}
