package dev.carafe.bench.hostile;

import dev.carafe.bench.hostile.Target.Kind;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The attacks in the order they run, with the targets each is meant for. The order matters: the
 * cheap checks come before the floods, the login guessing late (nginx's login limit would refuse
 * the other attacks' log-ins after it), and the JSON 502, which kills the app, last.
 */
enum Plan {
  REQUEST_ID("request-id", EnumSet.allOf(Kind.class), RequestIds::new),
  NEAR_MISS_TYPE("near-miss-type", EnumSet.allOf(Kind.class), NearMissContentType::new),
  COOKIE_REPLAY("cookie-replay", EnumSet.allOf(Kind.class), CookieReplay::new),
  UPLOADS("uploads", EnumSet.allOf(Kind.class), Uploads::new),
  SLOW_BODIES("slow-bodies", EnumSet.allOf(Kind.class), () -> new SlowBodies(16)),
  STALLED_CHUNKED("stalled-chunked", EnumSet.of(Kind.DEV), StalledChunkedBody::new),
  MANY_SLOW_BODIES("many-slow-bodies", EnumSet.of(Kind.DEV), () -> new SlowBodies(250)),
  BASIC_GUESSING("basic-guessing", EnumSet.allOf(Kind.class), BasicGuessing::new),
  WORKER_SIGNALS(
      "worker-signals",
      EnumSet.of(Kind.PROD, Kind.NGINX),
      EnumSet.of(Kind.PROD, Kind.NGINX),
      WorkerSignals::new),
  LOGIN_GUESSING("login-guessing", EnumSet.allOf(Kind.class), LoginGuessing::new),
  JSON_502("json-502", EnumSet.of(Kind.NGINX), EnumSet.of(Kind.NGINX), Json502::new);

  private final String label;
  private final Set<Kind> meantFor;
  private final Set<Kind> possibleFor;
  private final Supplier<Attack> attack;

  Plan(String label, Set<Kind> meantFor, Supplier<Attack> attack) {
    this(label, meantFor, EnumSet.allOf(Kind.class), attack);
  }

  Plan(String label, Set<Kind> meantFor, Set<Kind> possibleFor, Supplier<Attack> attack) {
    this.label = label;
    this.meantFor = meantFor;
    this.possibleFor = possibleFor;
    this.attack = attack;
  }

  /** The attack's name on the command line and in the table. */
  String label() {
    return label;
  }

  /** Runs by default against this kind of target. */
  boolean meantFor(Kind kind) {
    return meantFor.contains(kind);
  }

  /** Can run against this kind of target when asked for by name. */
  boolean possibleFor(Kind kind) {
    return possibleFor.contains(kind);
  }

  /** Kills the target: nothing runs after it. */
  boolean endsTarget() {
    return this == JSON_502;
  }

  Attack attack() {
    return attack.get();
  }

  static Plan named(String label) {
    for (Plan plan : values()) {
      if (plan.label.equals(label)) {
        return plan;
      }
    }
    StringBuilder known = new StringBuilder();
    for (Plan plan : values()) {
      known.append(known.isEmpty() ? "" : ", ").append(plan.label);
    }
    throw new IllegalArgumentException("No attack named " + label + "; there are " + known);
  }
}
