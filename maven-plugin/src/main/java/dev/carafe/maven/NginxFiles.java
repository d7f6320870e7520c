package dev.carafe.maven;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged app's {@code nginx/} folder: Carafe's shared nginx files, a main {@code nginx.conf}
 * for the packaged layout, and the two port files written from the plugin's configuration.
 */
final class NginxFiles {
  /** The files shared with the repository's own nginx tier, bundled in this plugin's jar. */
  static final List<String> SHARED =
      List.of(
          "http.conf", "site.conf", "headers.conf", "mime.types", "tls.conf", "errors/50x.html");

  private static final Pattern HOST_PORT =
      Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[^\\s:;{}#\\[\\]]+):(\\d+)");
  // nginx reads a unix socket's path up to the next space or ';'.
  private static final Pattern UNIX = Pattern.compile("unix:/[^\\s;{}]+");

  private NginxFiles() {}

  /**
   * Writes the nginx folder of app {@code name}: nginx listens on {@code nginxBind} ({@code
   * [HOST:]PORT}) and passes requests to the app on {@code bind} ({@code HOST:PORT} or {@code
   * unix:/PATH}). Files of the folder that Carafe does not write, such as {@code tls/}, stay.
   */
  static void write(Path folder, String name, String bind, String nginxBind) throws IOException {
    String listen = listen(nginxBind);
    String upstream = upstream(bind);
    for (String file : SHARED) {
      try (InputStream in = NginxFiles.class.getResourceAsStream("nginx/" + file)) {
        if (in == null) {
          throw new IllegalStateException(
              "The plugin jar lacks nginx/" + file + ": rebuild the plugin.");
        }
        AtomicFile.write(folder.resolve(file), in.readAllBytes(), "rw-r--r--");
      }
    }
    AtomicFile.write(
        folder.resolve("nginx.conf"),
        Template.fill(Template.resource("nginx.conf"), Map.of("NAME", name)),
        "rw-r--r--");
    AtomicFile.write(folder.resolve("listen.conf"), listen, "rw-r--r--");
    AtomicFile.write(folder.resolve("upstream.conf"), upstream, "rw-r--r--");
  }

  /** {@code listen.conf}: where nginx listens, {@code [HOST:]PORT}. */
  static String listen(String nginxBind) {
    String address = nginxBind.trim();
    Matcher hostPort = HOST_PORT.matcher(address);
    if (!isPort(hostPort.matches() ? hostPort.group(2) : address)) {
      throw new IllegalArgumentException(
          "nginxBind '"
              + nginxBind
              + "' is not HOST:PORT (such as 127.0.0.1:8080): fix <nginxBind> in the plugin's"
              + " configuration or -Dcarafe.nginxBind.");
    }
    return "# Where nginx listens: the one place for its port, written from the plugin's nginxBind"
        + " at\n# package time. `--with-nginx --nginx-bind HOST:PORT` moves it for one run.\n"
        + "listen "
        + address
        + ";\n";
  }

  /** {@code upstream.conf}: the app's address, {@code HOST:PORT} or {@code unix:/PATH}. */
  static String upstream(String bind) {
    String address = bind.trim();
    Matcher hostPort = HOST_PORT.matcher(address);
    boolean unix = UNIX.matcher(address).matches();
    if (!unix && !(hostPort.matches() && isPort(hostPort.group(2)))) {
      throw new IllegalArgumentException(
          "bind '"
              + bind
              + "' is not HOST:PORT (such as 127.0.0.1:8000) or unix:/ABSOLUTE/PATH: fix <bind>"
              + " in the plugin's configuration or -Dcarafe.bind.");
    }
    String server = "server " + address + " max_fails=0;\n";
    return "# The app's address, written from the plugin's bind at package time. `--with-nginx`"
        + " writes\n# run/nginx/upstream.conf from the app's own bind at every start; this file"
        + " counts when\n# nginx runs on its own.\n#\n"
        + "# The workers share one address, so it is listed four times: an idempotent request"
        + " that meets\n# a dying worker is retried on the same address, where the kernel hands"
        + " it to a live worker.\n"
        + server.repeat(4);
  }

  private static boolean isPort(String text) {
    return text.matches("\\d{1,5}")
        && Integer.parseInt(text) >= 1
        && Integer.parseInt(text) <= 65535;
  }
}
