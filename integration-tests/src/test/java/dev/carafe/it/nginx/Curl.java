package dev.carafe.it.nginx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs curl for what the Java clients cannot do: send from a chosen source address (the whole of
 * 127.0.0.0/8 is loopback), speak HTTP/2 over TLS to a self-signed certificate, and show a gzipped
 * body as it came over the wire (Unirest unpacks it).
 */
final class Curl {
  /** One answer: status, protocol version ("1.1", "2"), headers (last block, names lowercased). */
  record Reply(int status, String httpVersion, Map<String, String> headers, byte[] bytes) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String body() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private Curl() {}

  /** Requests {@code url} with extra curl options such as {@code --interface 127.0.0.2}. */
  static Reply request(String url, String... options) throws IOException, InterruptedException {
    Path headers = Files.createTempFile("carafe-curl-", ".headers");
    Path body = Files.createTempFile("carafe-curl-", ".body");
    try {
      List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "30"));
      command.addAll(List.of("-D", headers.toString(), "-o", body.toString()));
      command.addAll(List.of("-w", "%{http_code} %{http_version}"));
      command.addAll(List.of(options));
      command.add(url);
      Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (curl.waitFor() != 0) {
        throw new IOException("curl " + String.join(" ", command) + " failed: " + output);
      }
      String[] written = output.trim().split(" ");
      return new Reply(
          Integer.parseInt(written[0]),
          written[1],
          parseHeaders(Files.readString(headers, StandardCharsets.ISO_8859_1)),
          Files.readAllBytes(body));
    } finally {
      Files.deleteIfExists(headers);
      Files.deleteIfExists(body);
    }
  }

  private static Map<String, String> parseHeaders(String dump) {
    Map<String, String> headers = new TreeMap<>();
    for (String line : dump.split("\r\n")) {
      if (line.startsWith("HTTP/")) {
        headers.clear(); // a later block (after 100 Continue) replaces an earlier one
      } else if (line.indexOf(':') > 0) {
        String[] nameValue = line.split(":", 2);
        headers.put(nameValue[0].trim().toLowerCase(Locale.ROOT), nameValue[1].trim());
      }
    }
    return headers;
  }
}
