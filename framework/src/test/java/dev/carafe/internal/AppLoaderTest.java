package dev.carafe.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.Carafe;
import dev.carafe.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AppLoaderTest {
  /** Factory taking the configuration. */
  public static final class WithConfig {
    public static Carafe create(Config config) {
      return Carafe.create(config.with("name", "with-config"));
    }
  }

  /** Factory without arguments. */
  public static final class NoArgs {
    public static Carafe create() {
      return Carafe.create(Config.defaults().with("name", "no-args"));
    }
  }

  /** No factory at all. */
  public static final class NoFactory {}

  /** A factory that fails. */
  public static final class Failing {
    public static Carafe create(Config config) {
      throw new IllegalStateException("database unreachable");
    }
  }

  /** A factory that fails after its app opened a resource, as a connection pool. */
  public static final class FailingAfterOpening {
    static final AtomicInteger CLOSED = new AtomicInteger();

    public static Carafe create(Config config) {
      Carafe app = Carafe.create(config);
      app.onClose(CLOSED::incrementAndGet);
      Carafe.create(config).onClose(CLOSED::incrementAndGet); // a second app, made on the way
      throw new IllegalStateException("a route is missing");
    }
  }

  /** A factory that registers a meter, as a connection pool does. */
  public static final class WithAMeter {
    public static Carafe create(Config config) {
      Carafe app = Carafe.create(config);
      app.metrics().gauge("pool_size", 4);
      return app;
    }
  }

  private static Carafe load(Class<?> type) {
    return AppLoader.load(
        type.getName(), Carafe.class, Config.defaults(), AppLoaderTest.class.getClassLoader());
  }

  @Test
  void factoryWithConfigIsPreferred() {
    assertEquals("with-config", load(WithConfig.class).config().get("name", ""));
  }

  @Test
  void factoryWithoutArgumentsWorks() {
    assertEquals("no-args", load(NoArgs.class).config().get("name", ""));
  }

  @Test
  void classWithoutFactorySaysWhatToAdd() {
    var e = assertThrows(IllegalArgumentException.class, () -> load(NoFactory.class));
    assertTrue(
        e.getMessage().contains("public static Carafe create(Config config)"), e.getMessage());
  }

  @Test
  void unknownClassSaysHowToPassIt() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                AppLoader.load(
                    "no.such.App", Carafe.class, Config.defaults(), getClass().getClassLoader()));
    assertTrue(e.getMessage().contains("--app"), e.getMessage());
  }

  @Test
  void factoryFailureSurfacesItsOwnException() {
    var e = assertThrows(IllegalStateException.class, () -> load(Failing.class));
    assertEquals("database unreachable", e.getMessage());
  }

  @Test
  void factoryFailureClosesTheAppsItMadeSoTheirResourcesDoNotLeak() {
    var e = assertThrows(IllegalStateException.class, () -> load(FailingAfterOpening.class));
    assertEquals("a route is missing", e.getMessage());
    assertEquals(2, FailingAfterOpening.CLOSED.get());
  }

  @Test
  void theLoaderHearsOfTheAppBeforeTheFactoryRegistersAMeter() {
    List<Integer> metersWhenMade = new ArrayList<>();
    Carafe app =
        AppLoader.load(
            WithAMeter.class.getName(),
            Carafe.class,
            Config.defaults(),
            getClass().getClassLoader(),
            made -> metersWhenMade.add(made.metrics().getMeters().size()));
    assertEquals(List.of(0), metersWhenMade);
    assertEquals(1, app.metrics().getMeters().size());
  }
}
