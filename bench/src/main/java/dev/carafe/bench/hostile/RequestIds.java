package dev.carafe.bench.hostile;

import java.util.List;

/**
 * Counts the X-Request-Id headers of an answer (one is right: two confuse every log that joins on
 * it), and sends one of its own choosing to see whether the server adopts it.
 */
final class RequestIds implements Attack {
  private static final String CHOSEN = "hostile-chosen-id";

  @Override
  public Outcome run(Context context) throws Exception {
    Visitor visitor = new Visitor(context.target());
    StringBuilder finding = new StringBuilder("X-Request-Id headers:");
    for (String path : List.of("/api/hello", "/", "/no/such/page")) {
      HttpAnswer answer = visitor.get(path);
      finding
          .append(' ')
          .append(path)
          .append(' ')
          .append(answer.status())
          .append(" → ")
          .append(answer.all("x-request-id").size())
          .append(';');
    }
    HttpAnswer chosen =
        visitor.send("GET", "/api/hello", List.of("X-Request-Id: " + CHOSEN), new byte[0]);
    List<String> ids = chosen.all("x-request-id");
    finding.append(" a client's own id is ");
    if (ids.contains(CHOSEN)) {
      finding.append("adopted");
    } else if (ids.isEmpty()) {
      finding.append("dropped (no id in the answer)");
    } else {
      finding.append("replaced");
    }
    return new Outcome(4, finding.toString());
  }
}
