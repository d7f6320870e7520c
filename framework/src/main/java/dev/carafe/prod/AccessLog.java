package dev.carafe.prod;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One JSON line per request on the worker's log stream: time, method, path, status, bytes,
 * duration, client address and request id. Each line is a single write, so lines from several
 * workers sharing the stream never interleave.
 */
final class AccessLog {
  private final OutputStream out;
  private final int worker;

  AccessLog(OutputStream out, int worker) {
    this.out = out;
    this.worker = worker;
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
    line.append("{\"time\":\"").append(Instant.now()).append("\",\"log\":\"access\"");
    string(line, "method", method);
    string(line, "path", path);
    line.append(",\"status\":").append(status);
    line.append(",\"bytes\":").append(bytes);
    line.append(",\"duration_ms\":").append(Math.round(nanos / 1_000.0) / 1_000.0);
    string(line, "ip", ip);
    string(line, "request_id", requestId);
    line.append(",\"worker\":").append(worker);
    if (timedOut) {
      line.append(",\"timed_out\":true");
    }
    line.append("}\n");
    byte[] bytesOut = line.toString().getBytes(StandardCharsets.UTF_8);
    try {
      out.write(bytesOut);
    } catch (IOException ignored) {
      // a closed log stream must not fail the request
    }
  }

  private static void string(StringBuilder line, String key, String value) {
    line.append(",\"").append(key).append("\":\"");
    JsonStringEncoder.getInstance().quoteAsString(value, line);
    line.append('"');
  }
}
