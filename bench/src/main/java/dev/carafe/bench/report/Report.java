package dev.carafe.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * Turns a results folder of bench/run.sh (or a JMH result file of bench/jmh.sh) into Markdown and
 * charts, and optionally splices them into docs/performance.md.
 *
 * <pre>
 * Report RESULTS_DIR [--docs docs/performance.md]
 * Report --jmh JMH_JSON OUT_DIR [--docs docs/performance.md]
 * </pre>
 */
public final class Report {
  private Report() {}

  /** Runs the report; see the class comment for the arguments. */
  public static void main(String[] args) throws IOException {
    // Charts are drawn off-screen, with or without a display.
    System.setProperty("java.awt.headless", "true");
    if (args.length >= 3 && args[0].equals("--jmh")) {
      Path out = Path.of(args[2]);
      String markdown = JmhTable.render(Path.of(args[1]));
      Files.writeString(out.resolve("jmh.md"), markdown);
      System.out.print(markdown);
      docsFile(args, 3).ifPresent(docs -> splice(docs, "jmh", markdown));
      return;
    }
    if (args.length < 1) {
      throw new IllegalArgumentException(
          "Usage: Report RESULTS_DIR [--docs FILE] | Report --jmh JMH_JSON OUT_DIR [--docs FILE]");
    }
    Path dir = Path.of(args[0]);
    Results results = Results.load(dir);
    Path images = dir.resolve("img");
    Files.createDirectories(images);
    List<String> charts =
        Charts.write(results, images).stream().map(name -> "img/" + name).toList();
    String markdown = Markdown.render(results, charts);
    Files.writeString(dir.resolve("table.md"), markdown);
    System.out.print(markdown);
    System.out.println("bench: wrote " + dir.resolve("table.md"));
    Optional<Path> docs = docsFile(args, 1);
    if (docs.isPresent()) {
      Path docImages = docs.get().toAbsolutePath().getParent().resolve("img");
      Files.createDirectories(docImages);
      for (String chart : charts) {
        Files.copy(
            dir.resolve(chart),
            docImages.resolve(Path.of(chart).getFileName()),
            StandardCopyOption.REPLACE_EXISTING);
      }
      splice(docs.get(), "results", markdown);
    }
  }

  private static Optional<Path> docsFile(String[] args, int from) {
    for (int i = from; i + 1 < args.length; i++) {
      if (args[i].equals("--docs")) {
        return Optional.of(Path.of(args[i + 1]));
      }
    }
    return Optional.empty();
  }

  /** Replaces what lies between {@code <!-- bench:NAME -->} and {@code <!-- /bench:NAME -->}. */
  static void splice(Path docs, String name, String markdown) {
    String begin = "<!-- bench:" + name + " -->";
    String end = "<!-- /bench:" + name + " -->";
    try {
      String text = Files.readString(docs);
      int from = text.indexOf(begin);
      int to = text.indexOf(end);
      if (from < 0 || to < from) {
        throw new IllegalStateException(
            docs + " has no " + begin + " ... " + end + " block to write the figures into.");
      }
      String updated =
          text.substring(0, from + begin.length()) + "\n" + markdown + text.substring(to);
      Files.writeString(docs, updated);
      System.out.println("bench: updated " + docs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
