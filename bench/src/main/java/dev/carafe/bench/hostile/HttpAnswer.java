package dev.carafe.bench.hostile;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An answer as it came over the wire: status, headers (names in lower case, every value), body. */
record HttpAnswer(int status, Map<String, List<String>> headers, String body) {
  /** The first value of a header. */
  Optional<String> header(String name) {
    return headers.getOrDefault(name, List.of()).stream().findFirst();
  }

  /** Every value of a header, in the order they came. */
  List<String> all(String name) {
    return headers.getOrDefault(name, List.of());
  }

  /** 2xx or 3xx: the server did what was asked, or sent the client on. */
  boolean letThrough() {
    return status >= 200 && status < 400;
  }
}
