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
}
