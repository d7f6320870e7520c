package dev.carafe.internal;

import io.javalin.config.RouterConfig;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.javalin.router.ParsedEndpoint;
import io.javalin.router.matcher.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Route matching for one request, on the same route table: Carafe's router (Flask rules, values
 * converted), Javalin's own path matcher (values left as strings), and a list of plain regexes
 * tried in order (what a naive router does). It measures the package-private router, so it lives in
 * the framework's tests; {@code bench/jmh.sh} runs it from the framework's test jar.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RoutingBenchmark {
  /** The app's routes, in Flask syntax and in Javalin's. */
  private static final String[][] ROUTES = {
    {"/", "/"},
    {"/healthz", "/healthz"},
    {"/readyz", "/readyz"},
    {"/api/hello", "/api/hello"},
    {"/api/whoami", "/api/whoami"},
    {"/about", "/about"},
    {"/login", "/login"},
    {"/logout", "/logout"},
    {"/posts", "/posts"},
    {"/posts/new", "/posts/new"},
    {"/posts/<int:id>", "/posts/{id}"},
    {"/posts/<int:id>/edit", "/posts/{id}/edit"},
    {"/posts/<int:id>/comments/<int:comment>", "/posts/{id}/comments/{comment}"},
    {"/users/<name>", "/users/{name}"},
    {"/users/<name>/posts", "/users/{name}/posts"},
    {"/api/posts", "/api/posts"},
    {"/api/posts/<int:id>", "/api/posts/{id}"},
    {"/api/users/<int:id>/posts/<int:post>", "/api/users/{id}/posts/{post}"},
    {"/files/<uuid:id>", "/files/{id}"},
    {"/static/<path:filename>", "/static/<filename>"},
  };

  /** A static path, two converted ones, a path converter and a miss. */
  @Param({
    "/api/hello",
    "/posts/42",
    "/api/users/7/posts/1234",
    "/static/css/site.css",
    "/no/such/page"
  })
  public String path;

  private final Router<String> carafe = new Router<>();
  private final PathMatcher javalin = new PathMatcher();
  private final List<Pattern> regexes = new ArrayList<>();
  private final PathMatcher catchAllPatterns = new PathMatcher();
  private final PathMatcher catchAllStar = new PathMatcher();

  /** Builds the three route tables once per trial. */
  @Setup
  public void buildRouteTables() {
    RouterConfig javalinConfig = new RouterConfig();
    for (String[] route : ROUTES) {
      carafe.add(Rule.parse(route[0]), Set.of("GET"), route[0], route[0]);
      javalin.add(
          new ParsedEndpoint(new Endpoint(HandlerType.GET, route[1], ctx -> {}), javalinConfig));
      regexes.add(Pattern.compile("^" + route[1].replaceAll("[{<]\\w+[}>]", "([^/]+)") + "$"));
    }
    for (String catchAll : List.of("/", "/<carafe_path>")) {
      catchAllPatterns.add(
          new ParsedEndpoint(new Endpoint(HandlerType.GET, catchAll, ctx -> {}), javalinConfig));
    }
    catchAllStar.add(
        new ParsedEndpoint(new Endpoint(HandlerType.GET, "*", ctx -> {}), javalinConfig));
  }

  /** Carafe: the router's answer with converted values (ints as Integer). */
  @Benchmark
  public Router.Match<String> carafe() {
    return carafe.match("GET", path);
  }

  /** Javalin: the first matching endpoint and its path parameters as strings. */
  @Benchmark
  public Map<String, String> javalin() {
    ParsedEndpoint found = javalin.findFirstEntry(HandlerType.GET, path);
    return found == null ? Map.of() : found.extractPathParams(path);
  }

  /**
   * What Javalin's router did per request before Carafe's own router: find the handler among the
   * two catch-all patterns {@code /} and {@code /<carafe_path>}, then extract the path value.
   */
  @Benchmark
  public Map<String, String> catchAllPatterns() {
    ParsedEndpoint found = catchAllPatterns.findFirstEntry(HandlerType.GET, path);
    return found.extractPathParams(path);
  }

  /** What it does now: the one handler under {@code *}, which it takes without a pattern. */
  @Benchmark
  public Map<String, String> catchAllStar() {
    ParsedEndpoint found = catchAllStar.findFirstEntry(HandlerType.GET, path);
    return found.extractPathParams(path);
  }

  /** Baseline: each route's regex in turn, the groups of the first match. */
  @Benchmark
  public List<String> regex() {
    for (Pattern pattern : regexes) {
      Matcher m = pattern.matcher(path);
      if (m.matches()) {
        List<String> values = new ArrayList<>(m.groupCount());
        for (int i = 1; i <= m.groupCount(); i++) {
          values.add(m.group(i));
        }
        return values;
      }
    }
    return List.of();
  }
}
