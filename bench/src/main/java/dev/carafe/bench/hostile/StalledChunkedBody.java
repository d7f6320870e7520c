package dev.carafe.bench.hostile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One chunked form post of 16 MiB, the app's whole body limit, sent at full speed, which then
 * stalls without its last chunk for the rest of the budget. The server has taken in the limit and
 * waits for more; it may answer, cut the connection, or hold it.
 */
final class StalledChunkedBody implements Attack {
  static final int BODY_BYTES = 16 * 1024 * 1024;
  private static final int CHUNK = 64 * 1024;

  @Override
  public Outcome run(Context context) throws Exception {
    Target target = context.target();
    long started = System.nanoTime();
    long deadline = context.deadline(started);
    String fate;
    long sent = 0;
    try (HttpConnection connection =
        HttpConnection.open(target, Duration.ofSeconds(5), context.budget().plusSeconds(5))) {
      try {
        connection.write(
            HttpConnection.head(
                target,
                "POST",
                "/auth/register",
                List.of(
                    "Content-Type: " + Visitor.FORM,
                    "Transfer-Encoding: chunked",
                    "Connection: close"),
                -1));
        // One form field, a=aaa...: the body is a form to its last byte.
        byte[] data = new byte[CHUNK];
        Arrays.fill(data, (byte) 'a');
        byte[] first = data.clone();
        first[1] = '=';
        byte[] size = (Integer.toHexString(CHUNK) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] end = "\r\n".getBytes(StandardCharsets.US_ASCII);
        while (sent < BODY_BYTES && System.nanoTime() < deadline) {
          connection.write(size);
          connection.write(sent == 0 ? first : data);
          connection.write(end);
          sent += CHUNK;
        }
        fate = null;
      } catch (IOException e) {
        fate = connection.expired() ? "still sending at the end" : "cut while sending";
      }
      while (fate == null && System.nanoTime() < deadline) {
        try {
          if (connection.serverSpoke()) {
            fate = "answered " + connection.read(Duration.ofSeconds(2)).status();
          } else {
            Thread.sleep(500);
          }
        } catch (IOException e) {
          fate = "cut by the server";
        }
      }
    }
    long seconds = (System.nanoTime() - started) / 1_000_000_000;
    return new Outcome(
        1,
        String.format(
            Locale.ROOT,
            "sent %d MiB then stalled: %s after %d s",
            sent / (1024 * 1024),
            fate == null ? "held open" : fate,
            seconds));
  }
}
