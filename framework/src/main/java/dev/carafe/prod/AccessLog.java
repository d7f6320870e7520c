package dev.carafe.prod;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One JSON line per request on the worker's log stream: time, method, path, status, bytes,
 * duration, client address and request id.
 *
 * <p>Lines are gathered and written together at most every {@link #FLUSH_MILLIS} ms: a system call
 * per request costs a measurable share of a small handler's time. A write holds whole lines and
 * never more than {@link #PIPE_ATOMIC} bytes, so lines of several workers sharing a pipe (journald,
 * a container runtime) never interleave.
 *
 * <p>Until {@link #startWriting()}, lines go to {@code /dev/null}: the warm-up's requests take the
 * very path clients' requests will, and only the stream at its end differs.
 */
final class AccessLog implements AutoCloseable {
  static final long FLUSH_MILLIS = 100;
  static final int PIPE_ATOMIC = 4096;

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private final OutputStream destination;
  private final Object writing = new Object();
  // Guarded by writing.
  private OutputStream out = discard();
  private volatile FormattedSecond lastSecond;
  private final int worker;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream(PIPE_ATOMIC);
  private final ScheduledExecutorService flusher =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "carafe-access-log");
            t.setDaemon(true);
            return t;
          });

  AccessLog(OutputStream out, int worker) {
    this.destination = out;
    this.worker = worker;
    flusher.scheduleWithFixedDelay(this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Logs to standard error, where a worker's logs go. */
  static AccessLog toStandardError(int worker) {
    return new AccessLog(new FileOutputStream(FileDescriptor.err), worker);
  }

  void log(
      String method,
      String path,
      int status,
      long bytes,
      long nanos,
      String ip,
      String requestId,
      boolean timedOut) {
    StringBuilder line = new StringBuilder(256);
    line.append("{\"time\":\"");
    appendTime(line, System.currentTimeMillis());
    line.append("\",\"log\":\"access\"");
    string(line, "method", method);
    string(line, "path", path);
    line.append(",\"status\":").append(status);
    line.append(",\"bytes\":").append(bytes);
    long micros = (nanos + 500) / 1_000;
    line.append(",\"duration_ms\":").append(micros / 1_000).append('.');
    appendPadded(line, micros % 1_000);
    string(line, "ip", ip);
    string(line, "request_id", requestId);
    line.append(",\"worker\":").append(worker);
    if (timedOut) {
      line.append(",\"timed_out\":true");
    }
    line.append("}\n");
    byte[] encoded = line.toString().getBytes(StandardCharsets.UTF_8);
    byte[] full = null;
    synchronized (pending) {
      if (pending.size() + encoded.length > PIPE_ATOMIC) {
        full = takePending();
      }
      pending.write(encoded, 0, encoded.length);
    }
    // Written outside the gathering lock: requests keep adding lines while a batch goes out.
    write(full);
  }

  /** Drops the lines gathered so far and writes the next ones to the log stream. */
  void startWriting() {
    OutputStream discarded;
    synchronized (pending) {
      pending.reset();
      synchronized (writing) {
        discarded = out;
        out = destination;
      }
    }
    if (discarded != destination) {
      try {
        discarded.close();
      } catch (IOException ignored) {
        // nothing was kept in it
      }
    }
  }

  /** Writes the lines gathered so far. */
  void flush() {
    byte[] batch;
    synchronized (pending) {
      batch = takePending();
    }
    write(batch);
  }

  private byte[] takePending() {
    byte[] batch = pending.toByteArray();
    pending.reset();
    return batch;
  }

  private void write(byte[] batch) {
    if (batch == null || batch.length == 0) {
      return;
    }
    synchronized (writing) {
      try {
        out.write(batch);
      } catch (IOException ignored) {
        // a closed log stream must not fail the requests
      }
    }
  }

  /** Where lines go before the worker serves: a file stream, as the log stream usually is. */
  private static OutputStream discard() {
    try {
      return new FileOutputStream("/dev/null");
    } catch (FileNotFoundException e) {
      return OutputStream.nullOutputStream();
    }
  }

  @Override
  public void close() {
    flusher.shutdownNow();
    flush();
  }

  /**
   * Appends the UTC time with milliseconds, e.g. {@code 2026-11-21T09:49:51.042Z}. The part up to
   * the second is formatted once a second: formatting a whole {@link Instant} per line cost a tenth
   * of a small handler's time.
   */
  private void appendTime(StringBuilder line, long millis) {
    long second = Math.floorDiv(millis, 1_000);
    FormattedSecond formatted = lastSecond;
    if (formatted == null || formatted.second != second) {
      formatted = new FormattedSecond(second, SECONDS.format(Instant.ofEpochSecond(second)));
      lastSecond = formatted;
    }
    line.append(formatted.text).append('.');
    appendPadded(line, Math.floorMod(millis, 1_000));
    line.append('Z');
  }

  /** Appends 0..999 as three digits. */
  private static void appendPadded(StringBuilder line, long value) {
    if (value < 100) {
      line.append('0');
    }
    if (value < 10) {
      line.append('0');
    }
    line.append(value);
  }

  private record FormattedSecond(long second, String text) {}

  private static void string(StringBuilder line, String key, String value) {
    line.append(",\"").append(key).append("\":\"");
    JsonStringEncoder.getInstance().quoteAsString(value, line);
    line.append('"');
  }
}
