package dev.carafe.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** JMH's JSON result as Markdown: a table per benchmark class, a column per implementation. */
final class JmhTable {
  private JmhTable() {}

  static String render(Path jmhJson) throws IOException {
    JsonNode results = new ObjectMapper().readTree(jmhJson.toFile());
    // class -> params -> method -> "score ± error"
    Map<String, Map<String, Map<String, String>>> tables = new LinkedHashMap<>();
    Map<String, Set<String>> methods = new LinkedHashMap<>();
    Map<String, String> units = new LinkedHashMap<>();
    Map<String, String> paramNames = new LinkedHashMap<>();
    String settings = "";
    for (JsonNode result : results) {
      String benchmark = result.path("benchmark").asText();
      String type = benchmark.substring(0, benchmark.lastIndexOf('.'));
      type = type.substring(type.lastIndexOf('.') + 1);
      String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
      List<String> names = new ArrayList<>();
      List<String> values = new ArrayList<>();
      for (Map.Entry<String, JsonNode> p : result.path("params").properties()) {
        names.add(p.getKey());
        values.add("`" + p.getValue().asText() + "`");
      }
      JsonNode metric = result.path("primaryMetric");
      double error = metric.path("scoreError").asDouble(Double.NaN);
      String score =
          Double.isNaN(error)
              ? String.format(Locale.ROOT, "%.1f", metric.path("score").asDouble())
              : String.format(Locale.ROOT, "%.1f ± %.1f", metric.path("score").asDouble(), error);
      tables
          .computeIfAbsent(type, k -> new LinkedHashMap<>())
          .computeIfAbsent(String.join(", ", values), k -> new LinkedHashMap<>())
          .put(method, score);
      methods.computeIfAbsent(type, k -> new LinkedHashSet<>()).add(method);
      units.put(type, metric.path("scoreUnit").asText());
      paramNames.put(type, String.join(", ", names));
      settings =
          String.format(
              Locale.ROOT,
              "JDK %s, %d fork(s), %d warm-up and %d measured iterations of %s",
              result.path("jdkVersion").asText(),
              result.path("forks").asInt(),
              result.path("warmupIterations").asInt(),
              result.path("measurementIterations").asInt(),
              result.path("measurementTime").asText());
    }
    StringBuilder out = new StringBuilder();
    out.append("_Written by `bench/jmh.sh`: ")
        .append(settings)
        .append(
            ". Scores are means ± the half-width of JMH's 99.9 % confidence interval. Do not edit by hand._\n\n");
    for (var table : tables.entrySet()) {
      String type = table.getKey();
      List<String> columns = new ArrayList<>(methods.get(type));
      // Carafe's column first, then what it is compared with.
      columns.sort((a, b) -> Boolean.compare(!a.equals("carafe"), !b.equals("carafe")));
      out.append("#### ")
          .append(type)
          .append(" (")
          .append(units.get(type))
          .append(", lower is better)\n\n");
      out.append("| ")
          .append(paramNames.get(type).isEmpty() ? "case" : paramNames.get(type))
          .append(" | ")
          .append(String.join(" | ", columns))
          .append(" |\n");
      out.append("| --- |")
          .append(columns.stream().map(c -> " ---: |").collect(Collectors.joining()))
          .append('\n');
      for (var row : table.getValue().entrySet()) {
        out.append("| ").append(row.getKey().isEmpty() ? "—" : row.getKey()).append(" |");
        for (String column : columns) {
          out.append(' ').append(row.getValue().getOrDefault(column, "—")).append(" |");
        }
        out.append('\n');
      }
      out.append('\n');
    }
    return out.toString();
  }
}
