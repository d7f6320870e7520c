package dev.carafe.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the docs honest: every code block marked {@code <!-- snippet: FILE#NAME -->} must equal the
 * region of FILE between {@code // snippet:NAME} and {@code // end-snippet:NAME} (so the build
 * compiles and tests what the tutorial shows), one marked {@code <!-- snippet: FILE -->} the whole
 * file, one marked {@code <!-- snippet: FILE package PACKAGE -->} the whole file with its package
 * declaration naming PACKAGE (a chapter's app compiled here in a package of its own, shown in the
 * reader's), and every relative link must resolve.
 *
 * <p>Markers are comment lines in the file's own syntax: {@code //} (Java), {@code --} (SQL),
 * {@code #} (shell, nginx, properties), {@code <!-- -->} (XML, HTML) or {@code {# #}} (templates,
 * where an HTML comment would reach the page). Marker lines never appear in a snippet, so regions
 * may nest.
 */
class DocsTest {
  private static final Pattern SNIPPET =
      Pattern.compile(
          "<!-- snippet: (\\S+?)(?:#(\\S+?))?(?: package ([\\w.]+))? -->\\s*\\n```[a-z]*\\n(.*?)```",
          Pattern.DOTALL);
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package [\\w.]+;$");
  private static final Pattern MARKER =
      Pattern.compile("(?://|--|#|<!--|\\{#) ?(end-)?snippet:(\\S+?)(?: -->| #\\})?");
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

  static Path repo() {
    return Path.of(System.getProperty("carafe.repo", "..")).toAbsolutePath().normalize();
  }

  static List<Path> markdown() throws IOException {
    List<Path> files = new ArrayList<>();
    files.add(repo().resolve("README.md"));
    try (Stream<Path> docs = Files.walk(repo().resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    return files;
  }

  /**
   * The region of a source file between its snippet markers (the whole file when {@code name} is
   * null), without marker lines, trailing blank lines and common indentation.
   */
  static String region(Path file, String name) throws IOException {
    List<String> lines = Files.readAllLines(file);
    int start = name == null ? 0 : -1;
    int end = name == null ? lines.size() : -1;
    for (int i = 0; i < lines.size() && name != null; i++) {
      Matcher marker = MARKER.matcher(lines.get(i).trim());
      if (marker.matches() && marker.group(2).equals(name)) {
        if (marker.group(1) == null) {
          start = i + 1;
        } else {
          end = i;
        }
      }
    }
    assertTrue(
        start >= 0 && end >= start,
        file
            + " has no region '"
            + name
            + "' (// snippet:"
            + name
            + " ... // end-snippet:"
            + name
            + ")");
    List<String> body =
        new ArrayList<>(
            lines.subList(start, end).stream()
                .filter(l -> !MARKER.matcher(l.trim()).matches())
                .toList());
    // A formatter may keep a blank line before an end marker; a snippet never shows it.
    while (!body.isEmpty() && body.get(body.size() - 1).isBlank()) {
      body.remove(body.size() - 1);
    }
    int indent =
        body.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    StringBuilder out = new StringBuilder();
    for (String line : body) {
      out.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
    }
    return out.toString();
  }

  @Test
  void everySnippetMatchesItsSource() throws IOException {
    int checked = 0;
    for (Path doc : markdown()) {
      Matcher m = SNIPPET.matcher(Files.readString(doc));
      while (m.find()) {
        Path source = repo().resolve(m.group(1));
        assertTrue(
            Files.isRegularFile(source), doc + " shows a snippet of missing file " + m.group(1));
        String expected = region(source, m.group(2));
        if (m.group(3) != null) {
          Matcher declaration = PACKAGE.matcher(expected);
          assertTrue(declaration.find(), m.group(1) + " has no package declaration to replace");
          expected = declaration.replaceFirst("package " + m.group(3) + ";");
        }
        assertEquals(
            expected,
            m.group(4),
            doc
                + ": the snippet "
                + m.group(0).lines().findFirst().orElseThrow()
                + " differs from its source; copy the source region into the doc");
        checked++;
      }
    }
    System.out.println("snippets checked: " + checked);
  }

  @Test
  void everyRelativeLinkResolves() throws IOException {
    List<String> broken = new ArrayList<>();
    for (Path doc : markdown()) {
      String text = Files.readString(doc).replaceAll("(?s)```.*?```", "");
      Matcher m = LINK.matcher(text);
      while (m.find()) {
        String target = m.group(1);
        if (target.matches("^[a-z]+:.*") || target.startsWith("#")) {
          continue;
        }
        String path = URLDecoder.decode(target.split("#", 2)[0], StandardCharsets.UTF_8);
        if (!Files.exists(doc.getParent().resolve(path).normalize())) {
          broken.add(repo().relativize(doc) + " -> " + target);
        }
      }
    }
    assertTrue(broken.isEmpty(), "Broken relative links:\n" + String.join("\n", broken));
  }
}
