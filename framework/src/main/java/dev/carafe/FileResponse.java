package dev.carafe;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * Answers a GET for a file the way a web server does: a 304 when the client's copy is current (ETag
 * or Last-Modified), one byte range as a 206 (or a 416 when it lies outside the file), the whole
 * file otherwise. The body streams from the file; nothing is read into memory.
 */
final class FileResponse {
  /** Opens a file's content at a byte offset. */
  @FunctionalInterface
  interface Source {
    InputStream open(long offset) throws IOException;
  }

  /** What a Range header asks of a file of a given size. */
  sealed interface Range {}

  /** No usable range: serve the whole file (also for several ranges, which we may ignore). */
  record Whole() implements Range {}

  /** Bytes {@code first} to {@code last}, inclusive. */
  record Part(long first, long last) implements Range {
    long length() {
      return last - first + 1;
    }
  }

  /** A well-formed range that lies outside the file: 416. */
  record Unsatisfiable() implements Range {}

  /** IMF-fixdate (RFC 9110): RFC_1123_DATE_TIME would drop the day's leading zero. */
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH);

  private FileResponse() {}

  static Response of(
      Request request, Source source, long size, long lastModifiedMillis, String contentType)
      throws IOException {
    long lastModified = lastModifiedMillis / 1000 * 1000; // HTTP dates have whole seconds
    String etag = "\"" + Long.toHexString(lastModified) + "-" + Long.toHexString(size) + "\"";
    // A range or a Content-Length must match the bytes sent; Javalin's gzip would change both.
    request.ctx().minSizeForCompression(Integer.MAX_VALUE);
    Response response = Response.empty(200).header("ETag", etag).header("Accept-Ranges", "bytes");
    if (lastModified > 0) {
      response.header("Last-Modified", httpDate(lastModified));
    }
    if (notModified(request, etag, lastModified)) {
      return response.status(304);
    }
    response.contentType(contentType);
    Range range = request.header("Range").map(r -> parseRange(r, size)).orElse(new Whole());
    if (!(range instanceof Whole) && !ifRangeHolds(request, etag, lastModified)) {
      range = new Whole();
    }
    if (range instanceof Unsatisfiable) {
      return response
          .status(416)
          .header("Content-Range", "bytes */" + size)
          .contentType("text/plain; charset=utf-8")
          .body("Range Not Satisfiable");
    }
    if (range instanceof Part part) {
      return response
          .status(206)
          .header("Content-Range", "bytes " + part.first() + "-" + part.last() + "/" + size)
          .header("Content-Length", String.valueOf(part.length()))
          .body(limit(source.open(part.first()), part.length()));
    }
    return response
        .header("Content-Length", String.valueOf(size))
        .body(limit(source.open(0), size));
  }

  private static boolean notModified(Request request, String etag, long lastModified) {
    Optional<String> ifNoneMatch = request.header("If-None-Match");
    if (ifNoneMatch.isPresent()) {
      // If-None-Match compares weakly and, when present, overrides If-Modified-Since.
      for (String tag : ifNoneMatch.get().split(",")) {
        String t = tag.trim();
        if (t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(etag)) {
          return true;
        }
      }
      return false;
    }
    Optional<Long> since = request.header("If-Modified-Since").flatMap(FileResponse::parseDate);
    return since.isPresent() && lastModified > 0 && lastModified <= since.get();
  }

  /** If-Range: ranges apply only to the version the client already has part of. */
  private static boolean ifRangeHolds(Request request, String etag, long lastModified) {
    Optional<String> ifRange = request.header("If-Range").map(String::trim);
    if (ifRange.isEmpty()) {
      return true;
    }
    if (ifRange.get().startsWith("\"")) {
      return ifRange.get().equals(etag);
    }
    return parseDate(ifRange.get()).map(d -> d == lastModified).orElse(false);
  }

  /** Parses a Range header for a file of {@code size} bytes (RFC 9110 §14.2). */
  static Range parseRange(String header, long size) {
    String h = header.trim();
    if (!h.regionMatches(true, 0, "bytes=", 0, 6) || h.indexOf(',') >= 0) {
      return new Whole();
    }
    String spec = h.substring(6).trim();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return new Whole();
    }
    try {
      String from = spec.substring(0, dash).trim();
      String to = spec.substring(dash + 1).trim();
      if (from.isEmpty()) {
        long suffix = Long.parseLong(to);
        if (suffix <= 0 || size == 0) {
          return new Unsatisfiable();
        }
        return new Part(Math.max(0, size - suffix), size - 1);
      }
      long first = Long.parseLong(from);
      long last = to.isEmpty() ? Long.MAX_VALUE : Long.parseLong(to);
      if (first < 0 || last < first) {
        return new Whole();
      }
      if (first >= size) {
        return new Unsatisfiable();
      }
      return new Part(first, Math.min(last, size - 1));
    } catch (NumberFormatException e) {
      return new Whole();
    }
  }

  static String httpDate(long millis) {
    return HTTP_DATE.format(Instant.ofEpochMilli(millis).atOffset(ZoneOffset.UTC));
  }

  private static Optional<Long> parseDate(String value) {
    try {
      return Optional.of(
          Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(value.trim())).toEpochMilli());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Ends the stream after {@code length} bytes, so a range never sends more than it says. */
  private static InputStream limit(InputStream in, long length) {
    return new FilterInputStream(in) {
      private long left = length;

      @Override
      public int read() throws IOException {
        if (left <= 0) {
          return -1;
        }
        int b = super.read();
        if (b >= 0) {
          left--;
        }
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int count) throws IOException {
        if (left <= 0) {
          return -1;
        }
        int n = super.read(buffer, offset, (int) Math.min(count, left));
        if (n > 0) {
          left -= n;
        }
        return n;
      }

      @Override
      public String toString() {
        return String.format(Locale.ROOT, "FileBody[%d bytes]", length);
      }
    };
  }
}
