package dev.carafe.bench.hostile;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Posts the demo's forms without a CSRF token, first as {@code application/x-www-form-urlencoded}
 * (which must be refused), then as {@code application/x-www-form-urlencodedx}. A 2xx or 3xx answer
 * to the near miss counts as let through: the check was skipped for a body the server may still
 * read as a form.
 */
final class NearMissContentType implements Attack {
  static final String NEAR_MISS = "application/x-www-form-urlencodedx";

  @Override
  public Outcome run(Context context) throws Exception {
    Visitor visitor = new Visitor(context.target());
    visitor.logIn(context.username(), context.password());
    String name = "near-miss-" + Long.toString(System.nanoTime(), 36);
    Map<String, Map<String, String>> forms = new LinkedHashMap<>();
    forms.put("/auth/register", Map.of("username", name, "password", name));
    forms.put(
        "/auth/login", Map.of("username", context.username(), "password", context.password()));
    forms.put("/create", Map.of("title", "near miss", "body", "posted without a CSRF token"));
    // Last: it ends the session the others use.
    forms.put("/auth/logout", Map.of());
    Tally exact = new Tally();
    StringBuilder near = new StringBuilder();
    int letThrough = 0;
    for (Map.Entry<String, Map<String, String>> form : forms.entrySet()) {
      exact.add(visitor.post(form.getKey(), Visitor.FORM, form.getValue()).status());
      HttpAnswer answer = visitor.post(form.getKey(), NEAR_MISS, form.getValue());
      if (answer.letThrough()) {
        letThrough++;
      }
      near.append(near.isEmpty() ? "" : ", ")
          .append(form.getKey())
          .append(' ')
          .append(answer.status());
    }
    return new Outcome(
        2L * forms.size(),
        String.format(
            "near-miss type let through %d of %d (%s); exact type without token: %s",
            letThrough, forms.size(), near, exact));
  }
}
