package dev.carafe.prod;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where workers listen: {@code HOST:PORT} (every worker binds it with SO_REUSEPORT) or {@code
 * unix:PATH} (one listening socket, opened by run-prod.sh and inherited by every worker).
 */
record Bind(String host, int port, Optional<Path> unixPath) {
  static final String DEFAULT = "127.0.0.1:8000";

  static Bind parse(String spec) {
    String text = spec.trim();
    if (text.startsWith("unix:")) {
      String path = text.substring("unix:".length());
      if (path.isEmpty()) {
        throw new IllegalArgumentException("bind: 'unix:' needs a path, e.g. unix:run/carafe.sock");
      }
      return new Bind("", 0, Optional.of(Path.of(path)));
    }
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException(
          "bind: expected HOST:PORT or unix:PATH, got '" + spec + "' (e.g. 127.0.0.1:8000).");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("bind: the port in '" + spec + "' must be 1..65535.");
    }
    return new Bind(host, port, Optional.empty());
  }

  boolean isUnix() {
    return unixPath.isPresent();
  }

  @Override
  public String toString() {
    return unixPath.map(p -> "unix:" + p).orElse(host + ":" + port);
  }
}
