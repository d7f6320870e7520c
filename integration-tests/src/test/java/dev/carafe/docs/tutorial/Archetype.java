package dev.carafe.docs.tutorial;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files {@code mvn archetype:generate} writes for the tutorial's project ({@code
 * -DgroupId=com.example -DartifactId=blog -Dpackage=com.example.blog}), rendered from the
 * archetype's sources without Maven. It knows the little Velocity the archetype uses (references,
 * {@code ##} comments, one {@code #set}) and fails on anything more, so a richer template makes
 * this fail rather than guess; NewProjectIT generates a real project.
 */
final class Archetype {
  private static final String SOURCES = "archetype/src/main/resources/archetype-resources/";
  private static final String PACKAGE_PATH = "com/example/blog/";
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]+)}");
  private static final String DOLLAR = "#set( $dollar = '$' )";

  private Archetype() {}

  /** The generated file at {@code path} in the project folder, e.g. {@code pom.xml}. */
  static String generate(String path) throws IOException {
    String source = path;
    for (String tree : new String[] {"src/main/java/", "src/test/java/"}) {
      if (path.startsWith(tree + PACKAGE_PATH)) {
        source = tree + path.substring((tree + PACKAGE_PATH).length());
      }
    }
    String text = Files.readString(TutorialTest.repo().resolve(SOURCES + source));
    return filtered(path) ? render(text) : text;
  }

  /** Whether archetype-metadata.xml (or Maven, for the pom) has Velocity render the file. */
  private static boolean filtered(String path) {
    return path.equals("pom.xml")
        || path.equals("README.md")
        || path.endsWith(".java")
        || path.startsWith("src/main/resources/templates/");
  }

  private static String render(String template) {
    StringBuilder lines = new StringBuilder();
    for (String line : template.split("(?<=\n)")) {
      String directive = line.strip();
      if (directive.startsWith("##") || directive.equals(DOLLAR)) {
        continue;
      }
      if (directive.matches("#\\{?[a-z]+.*")) {
        throw new AssertionError("Archetype uses Velocity this test does not know: " + line);
      }
      lines.append(line);
    }
    Map<String, String> values =
        Map.of(
            "groupId", "com.example",
            "artifactId", "blog",
            "version", "1.0-SNAPSHOT",
            "package", "com.example.blog",
            "packageInPathFormat", "com/example/blog",
            "carafeVersion", carafeVersion(),
            "dollar", "$");
    Matcher reference = REFERENCE.matcher(lines);
    StringBuilder out = new StringBuilder();
    while (reference.find()) {
      String value = values.get(reference.group(1));
      if (value == null) {
        throw new AssertionError("Archetype references ${" + reference.group(1) + "}");
      }
      reference.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    reference.appendTail(out);
    return out.toString();
  }

  /** The archetype's default carafeVersion: its own version, the reactor's. */
  private static String carafeVersion() {
    try {
      return TutorialTest.text(
          TutorialTest.xml(TutorialTest.repo().resolve("pom.xml")).getDocumentElement(), "version");
    } catch (Exception e) {
      throw new IllegalStateException("Cannot read the reactor's version", e);
    }
  }
}
