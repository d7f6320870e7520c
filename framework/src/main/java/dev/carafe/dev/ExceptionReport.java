package dev.carafe.dev;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An exception made readable, as plain strings: the cause chain with the app's own frames marked,
 * and the source lines around the deepest app frame at fault. Holding no {@link Throwable} keeps
 * the old app generation collectable while its error is on show.
 *
 * @param type the exception's class name
 * @param message its message, possibly empty
 * @param chain the exception and its causes, outermost first
 * @param file the source file of the first app frame (relative to the project), or empty
 * @param line that frame's line
 * @param excerpt the source lines around it
 */
record ExceptionReport(
    String type,
    String message,
    List<Cause> chain,
    String file,
    long line,
    List<SourceLine> excerpt) {

  /** One exception of the chain. */
  record Cause(String type, String message, List<Frame> frames) {
    /** The frames in runs of app code and of library code, for the page to fold the latter. */
    public List<FrameRun> runs() {
      List<FrameRun> runs = new ArrayList<>();
      for (Frame frame : frames) {
        FrameRun last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
        if (last == null || last.app() != frame.app()) {
          last = new FrameRun(frame.app(), new ArrayList<>());
          runs.add(last);
        }
        last.frames().add(frame);
      }
      return runs;
    }
  }

  /** Consecutive frames that are all the app's, or all a library's. */
  record FrameRun(boolean app, List<Frame> frames) {}

  /** One stack frame; {@code app} marks the app's own code. */
  record Frame(String text, boolean app) {}

  /**
   * Describes {@code error}; {@code isApp} names the app's classes, found under {@code sources}.
   */
  static ExceptionReport of(Throwable error, Predicate<String> isApp, Path root, Path sources) {
    List<Cause> chain = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    String file = "";
    long line = 0;
    List<SourceLine> excerpt = List.of();
    for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
      List<Frame> frames = new ArrayList<>();
      for (StackTraceElement e : t.getStackTrace()) {
        boolean app = isApp.test(e.getClassName());
        frames.add(new Frame(e.toString(), app));
        if (app && excerpt.isEmpty() && e.getFileName() != null && e.getLineNumber() > 0) {
          Path source = sourceOf(sources, e);
          if (Files.isRegularFile(source)) {
            file = root.relativize(source).toString();
            line = e.getLineNumber();
            excerpt = SourceLine.around(source, line);
          }
        }
      }
      chain.add(
          new Cause(t.getClass().getName(), t.getMessage() == null ? "" : t.getMessage(), frames));
    }
    Cause top = chain.get(0);
    return new ExceptionReport(top.type(), top.message(), chain, file, line, excerpt);
  }

  private static Path sourceOf(Path sources, StackTraceElement frame) {
    String className = frame.getClassName();
    int dot = className.lastIndexOf('.');
    Path folder =
        dot < 0 ? sources : sources.resolve(className.substring(0, dot).replace('.', '/'));
    return folder.resolve(frame.getFileName());
  }

  /** The report as console text, like a Java stack trace. */
  String text() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < chain.size(); i++) {
      Cause c = chain.get(i);
      out.append(i == 0 ? "" : "Caused by: ")
          .append(c.type())
          .append(c.message().isEmpty() ? "" : ": " + c.message())
          .append('\n');
      for (Frame f : c.frames()) {
        out.append("\tat ").append(f.text()).append('\n');
      }
    }
    return out.toString();
  }
}
