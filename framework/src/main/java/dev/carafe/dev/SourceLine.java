package dev.carafe.dev;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A numbered line of source code in an error page; {@code marked} is the line at fault. */
record SourceLine(long number, String text, boolean marked) {
  /** Lines this far either side of the faulty one are shown. */
  static final int CONTEXT = 3;

  /** The lines around {@code line} (1-based) of {@code text}. */
  static List<SourceLine> around(CharSequence text, long line) {
    List<SourceLine> excerpt = new ArrayList<>();
    if (line <= 0) {
      return excerpt;
    }
    String[] lines = text.toString().split("\r?\n", -1);
    long first = Math.max(1, line - CONTEXT);
    long last = Math.min(lines.length, line + CONTEXT);
    for (long n = first; n <= last; n++) {
      excerpt.add(new SourceLine(n, lines[(int) n - 1], n == line));
    }
    return excerpt;
  }

  /** The lines around {@code line} of a file, or none when it cannot be read. */
  static List<SourceLine> around(Path file, long line) {
    try {
      return around(Files.readString(file, StandardCharsets.UTF_8), line);
    } catch (IOException | RuntimeException unreadable) {
      return List.of();
    }
  }
}
