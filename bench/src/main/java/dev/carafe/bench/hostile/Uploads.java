package dev.carafe.bench.hostile;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Nine multipart form posts of 16 MB each at once, to the registration form and without a CSRF
 * token: the server has to read a whole body to find the token field in it. Rounds repeat while the
 * budget lasts (one in a quick run).
 */
final class Uploads implements Attack {
  static final int CONCURRENT = 9;

  /** 16 MB: under the app's and nginx's 16 MiB limit, so every byte is read. */
  static final long FILE_BYTES = 16_000_000;

  private static final String BOUNDARY = "----carafe-hostile-upload";
  private static final Duration ANSWER = Duration.ofSeconds(60);

  @Override
  public Outcome run(Context context) throws Exception {
    long started = System.nanoTime();
    long deadline = context.deadline(started);
    int maxRounds = context.quick() ? 1 : 3;
    Tally tally = new Tally();
    AtomicLong sent = new AtomicLong();
    int rounds = 0;
    while (rounds < maxRounds && (rounds == 0 || System.nanoTime() < deadline)) {
      rounds++;
      List<Thread> posts = new ArrayList<>();
      for (int i = 0; i < CONCURRENT; i++) {
        Thread post =
            new Thread(
                () -> {
                  sent.incrementAndGet();
                  tally.add(post(context.target()));
                },
                "upload-" + i);
        post.setDaemon(true);
        posts.add(post);
        post.start();
      }
      for (Thread post : posts) {
        post.join(ANSWER.multipliedBy(2).toMillis());
      }
    }
    return new Outcome(
        sent.get(),
        String.format(
            "%d round(s) of %d × 16 MB multipart posts to /auth/register; answers: %s",
            rounds, CONCURRENT, tally));
  }

  private static String post(Target target) {
    byte[] preamble =
        ("--"
                + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nupload\r\n"
                + "--"
                + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] ending = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    long length = preamble.length + FILE_BYTES + ending.length;
    try (HttpConnection connection = HttpConnection.open(target, ANSWER, ANSWER.multipliedBy(2))) {
      try {
        connection.write(
            HttpConnection.head(
                target,
                "POST",
                "/auth/register",
                List.of(
                    "Content-Type: multipart/form-data; boundary=" + BOUNDARY, "Connection: close"),
                length));
        connection.write(preamble);
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        for (long left = FILE_BYTES; left > 0; left -= chunk.length) {
          connection.write(left >= chunk.length ? chunk : Arrays.copyOf(chunk, (int) left));
        }
        connection.write(ending);
      } catch (IOException cut) {
        // The server may have answered early (413) and closed: read what it said.
        try {
          return connection.read(Duration.ofSeconds(2)).status() + " before the body ended";
        } catch (IOException nothing) {
          return connection.expired()
              ? "still sending after " + ANSWER.multipliedBy(2).toSeconds() + " s"
              : "cut while sending";
        }
      }
      return String.valueOf(connection.read(ANSWER).status());
    } catch (SocketTimeoutException slow) {
      return "no answer in time";
    } catch (IOException e) {
      return "failed (" + e.getClass().getSimpleName() + ")";
    }
  }
}
