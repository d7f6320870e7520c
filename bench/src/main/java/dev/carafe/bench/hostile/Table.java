package dev.carafe.bench.hostile;

import java.util.List;

/** The rows as a Markdown table, with a line that says how to read it. */
final class Table {
  private Table() {}

  static String render(List<Row> rows) {
    StringBuilder out = new StringBuilder();
    out.append("| ").append(String.join(" | ", Row.HEADINGS)).append(" |\n");
    out.append("|").append(" --- |".repeat(Row.HEADINGS.size())).append('\n');
    for (Row row : rows) {
      out.append("| ");
      out.append(String.join(" | ", row.cells().stream().map(c -> c.replace("|", "\\|")).toList()));
      out.append(" |\n");
    }
    out.append('\n')
        .append(
            "Healthy requests: a well-behaved client's GETs of /api/hello and / during the attack"
                + " (failed: an error, a timeout of 10 s or a status other than 200; how they failed is"
                + " in the last column). Workers lost: worker pids present before the attack and"
                + " gone once the target answered its health check promptly again (60 s at most)."
                + " Worker RSS: the largest worker's resident memory × the number of workers, before"
                + " and right after the attack. A settle row compares the start of a target's run"
                + " with the end of its settle period.\n");
    return out.toString();
  }
}
