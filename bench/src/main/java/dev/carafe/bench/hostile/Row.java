package dev.carafe.bench.hostile;

import java.util.List;

/**
 * One line of the table: an attack against a target, what the healthy client saw meanwhile, and
 * what became of the workers. Stored as one tab-separated line; "–" stands for "not measured".
 */
record Row(
    String attack,
    String target,
    String attackRequests,
    String healthyRequests,
    String healthyFailed,
    String healthyP99,
    String workersLost,
    String rssBefore,
    String rssAfter,
    String finding) {
  static final String NONE = "–";

  static final List<String> HEADINGS =
      List.of(
          "attack",
          "target",
          "attack requests",
          "healthy requests",
          "failed healthy",
          "healthy p99 ms",
          "workers lost",
          "worker RSS before",
          "worker RSS after",
          "what the target did");

  List<String> cells() {
    return List.of(
        attack,
        target,
        attackRequests,
        healthyRequests,
        healthyFailed,
        healthyP99,
        workersLost,
        rssBefore,
        rssAfter,
        finding);
  }

  String tsv() {
    return String.join("\t", cells().stream().map(Row::flat).toList());
  }

  static Row parse(String line) {
    String[] f = line.split("\t", -1);
    if (f.length != HEADINGS.size()) {
      throw new IllegalArgumentException("Not a row of " + HEADINGS.size() + " fields: " + line);
    }
    return new Row(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9]);
  }

  private static String flat(String text) {
    return text.replaceAll("[\\t\\r\\n]+", " ");
  }
}
