package dev.carafe;

import static dev.carafe.AppTesting.app;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.carafe.test.CarafeTest;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class ExtensionPointsTest {
  /** Sessions kept on the server under a random id, the classic alternative to signed cookies. */
  static final class ServerSideSessions implements SessionInterface {
    final Map<String, Map<String, Object>> store = new ConcurrentHashMap<>();

    @Override
    public Session open(Request request) {
      return Session.of(request.cookie("sid").map(store::get).orElse(Map.of()));
    }

    @Override
    public void save(Request request, Session session, Response response) {
      if (session.isModified()) {
        String id = request.cookie("sid").orElse(UUID.randomUUID().toString());
        store.put(id, Map.copyOf(session.asMap()));
        response.cookie(Cookie.of("sid", id).withHttpOnly(true));
      }
    }
  }

  @Test
  void anAppKeepsItsSessionsWhereItsSessionInterfaceSays() throws Exception {
    ServerSideSessions sessions = new ServerSideSessions();
    Carafe app = app().sessionInterface(sessions);
    app.get("/set/<name>", req -> req.session().put("user", req.param("name")).isModified());
    app.get("/get", req -> req.session().getString("user").orElse("nobody"));
    CarafeTest.test(
        app,
        (server, client) -> {
          assertEquals("true", client.get("/set/ann").asString().getBody());
          assertEquals("ann", client.get("/get").asString().getBody());
          assertEquals(1, sessions.store.size());
          var cookies = client.get("/get").asString().getHeaders().get("Set-Cookie");
          assertEquals(0, cookies.size(), "an unchanged session is not saved: " + cookies);
        });
  }

  @Test
  void anAppRendersWithItsTemplateRendererAndTheStandardContext() throws Exception {
    Carafe app =
        app()
            .templateRenderer(
                (template, context) ->
                    template
                        + " "
                        + context.get("name")
                        + " "
                        + ((Request) context.get("request")).path()
                        + " "
                        + context.get("greeting")
                        + " "
                        + context.containsKey("session")
                        + " "
                        + context.containsKey("g"));
    app.contextProcessor(req -> Map.of("greeting", "hi"));
    app.get("/page", req -> req.render("page.html", Map.of("name", "ann")));
    CarafeTest.test(
        app,
        (server, client) ->
            assertEquals(
                "page.html ann /page hi true true", client.get("/page").asString().getBody()));
  }

  @Test
  void aBlueprintsContextProcessorServesItsOwnRoutesOnly() throws Exception {
    Carafe app = app().templateRenderer((template, context) -> String.valueOf(context.get("area")));
    app.contextProcessor(req -> Map.of("area", "site"));
    Blueprint admin = new Blueprint("admin", "/admin");
    admin.contextProcessor(req -> Map.of("area", "admin"));
    admin.get("/", req -> req.render("any.html", Map.of()));
    app.register(admin);
    app.get("/", req -> req.render("any.html", Map.of()));
    CarafeTest.test(
        app,
        (server, client) -> {
          assertEquals("site", client.get("/").asString().getBody());
          assertEquals("admin", client.get("/admin/").asString().getBody());
        });
  }

  @Test
  void theSessionInterfaceAndRendererAreSetUpBeforeServing() throws Exception {
    Carafe app = app();
    CarafeTest.test(app, (server, client) -> client.get("/healthz").asString());
    assertThrows(IllegalStateException.class, () -> app.sessionInterface(new ServerSideSessions()));
    assertThrows(
        IllegalStateException.class, () -> app.templateRenderer((template, context) -> ""));
  }
}
