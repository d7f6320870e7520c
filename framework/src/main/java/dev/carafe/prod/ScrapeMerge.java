package dev.carafe.prod;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins several scrapes in the Prometheus text format (the master's and each worker's) into one:
 * each metric family once, its {@code # HELP} and {@code # TYPE} from the first scrape that has it,
 * followed by every scrape's samples. Concatenated as they are, the scrapes would repeat families,
 * which the format forbids. The samples are kept as they came: each worker's carry its {@code
 * worker} label, so none collide.
 */
final class ScrapeMerge {
  private ScrapeMerge() {}

  /** One metric family: its comment lines and its samples. */
  private record Family(List<String> comments, List<String> samples) {}

  static String merge(List<String> scrapes) {
    Map<String, Family> families = new LinkedHashMap<>();
    for (String scrape : scrapes) {
      Family current = null;
      String currentName = "";
      // Comments repeat a family already seen in an earlier scrape: keep the first ones.
      boolean seenBefore = false;
      for (String line : scrape.split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
          String name = word(line, 2);
          if (current == null || !name.equals(currentName)) {
            seenBefore = families.containsKey(name);
            current =
                families.computeIfAbsent(
                    name, n -> new Family(new ArrayList<>(), new ArrayList<>()));
            currentName = name;
          }
          if (!seenBefore) {
            current.comments().add(line);
          }
        } else if (line.startsWith("#")) {
          continue; // another comment: nothing a reader needs
        } else {
          if (current == null) {
            String name = sampleName(line);
            current =
                families.computeIfAbsent(
                    name, n -> new Family(new ArrayList<>(), new ArrayList<>()));
            currentName = name;
            seenBefore = true;
          }
          current.samples().add(line);
        }
      }
    }
    StringBuilder out = new StringBuilder();
    for (Family family : families.values()) {
      family.comments().forEach(line -> out.append(line).append('\n'));
      family.samples().forEach(line -> out.append(line).append('\n'));
    }
    return out.toString();
  }

  /** The {@code index}th word of a comment line ({@code # TYPE name counter}: 2 is the name). */
  private static String word(String line, int index) {
    String[] words = line.split(" ", index + 2);
    return words.length > index ? words[index] : "";
  }

  private static String sampleName(String line) {
    int end = 0;
    while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
      end++;
    }
    return line.substring(0, end);
  }
}
