package dev.carafe.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogConfiguratorTest {
  @AfterEach
  void clearMode() {
    System.clearProperty("carafe.mode");
  }

  private static ConsoleAppender<?> configure() {
    LoggerContext context = new LoggerContext();
    new LogConfigurator().configure(context);
    assertEquals(Level.INFO, context.getLogger("org.eclipse.jetty").getLevel());
    return (ConsoleAppender<?>)
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("console");
  }

  @Test
  void productionLogsOneJsonObjectPerLine() {
    System.setProperty("carafe.mode", "production");
    assertInstanceOf(JsonEncoder.class, configure().getEncoder());
  }

  @Test
  void developmentLogsReadableLinesAndJettyAtInfo() {
    System.setProperty("carafe.mode", "development");
    assertInstanceOf(PatternLayoutEncoder.class, configure().getEncoder());
  }

  @Test
  void developmentLogsThePoolAndMigrationsOnlyWhenTheyWarnButProductionDoes() {
    System.setProperty("carafe.mode", "development");
    LoggerContext development = new LoggerContext();
    new LogConfigurator().configure(development);
    assertEquals(Level.WARN, development.getLogger("com.zaxxer.hikari").getEffectiveLevel());
    assertEquals(Level.WARN, development.getLogger("org.flywaydb.core").getEffectiveLevel());

    System.setProperty("carafe.mode", "production");
    LoggerContext production = new LoggerContext();
    new LogConfigurator().configure(production);
    assertEquals(Level.INFO, production.getLogger("org.flywaydb.core").getEffectiveLevel());
  }
}
