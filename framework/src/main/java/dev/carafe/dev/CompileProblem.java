package dev.carafe.dev;

import java.util.List;

/**
 * One compile error as the developer needs it: where, what, and the code around it.
 *
 * @param file the source file, relative to the project
 * @param line 1-based line, 0 when unknown
 * @param column 1-based column, 0 when unknown
 * @param message the compiler's message
 * @param excerpt the lines around the error
 */
record CompileProblem(
    String file, long line, long column, String message, List<SourceLine> excerpt) {

  /** A caret under the column at fault, keeping the line's tabs so it lines up. */
  public String caret() {
    String text =
        excerpt.stream().filter(SourceLine::marked).map(SourceLine::text).findFirst().orElse("");
    StringBuilder caret = new StringBuilder();
    for (int i = 0; i < column - 1; i++) {
      caret.append(i < text.length() && text.charAt(i) == '\t' ? '\t' : ' ');
    }
    return caret.append('^').toString();
  }

  /** The problem as the console shows it, like javac. */
  String text() {
    StringBuilder out = new StringBuilder();
    out.append(file);
    if (line > 0) {
      out.append(':').append(line);
    }
    out.append(": error: ").append(message).append('\n');
    excerpt.stream()
        .filter(SourceLine::marked)
        .findFirst()
        .ifPresent(l -> out.append(l.text()).append('\n').append(caret()).append('\n'));
    return out.toString();
  }
}
