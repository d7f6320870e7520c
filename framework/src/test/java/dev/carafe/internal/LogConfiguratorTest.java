package dev.carafe.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogConfiguratorTest {
  @AfterEach
  void clearSettings() {
    System.clearProperty("carafe.mode");
    System.clearProperty("carafe.log_format");
  }

  private static LoggerContext configured() {
    LoggerContext context = new LoggerContext();
    new LogConfigurator().configure(context);
    assertEquals(Level.INFO, context.getLogger("org.eclipse.jetty").getLevel());
    return context;
  }

  @SuppressWarnings("unchecked")
  private static Encoder<ILoggingEvent> encoder(LoggerContext context) {
    return ((ConsoleAppender<ILoggingEvent>)
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("console"))
        .getEncoder();
  }

  /** The line {@code context} writes for a view's message, logged while a request ran or not. */
  private static String line(LoggerContext context, Map<String, String> logContext) {
    LoggingEvent event =
        new LoggingEvent(
            LogConfiguratorTest.class.getName(),
            context.getLogger("com.example.Views"),
            Level.INFO,
            "hello from a view",
            null,
            null);
    event.setMDCPropertyMap(logContext);
    return new String(encoder(context).encode(event), StandardCharsets.UTF_8);
  }

  @Test
  void productionLogsOneJsonObjectPerLine() {
    System.setProperty("carafe.mode", "production");
    assertInstanceOf(JsonEncoder.class, encoder(configured()));
  }

  @Test
  void developmentLogsReadableLinesAndJettyAtInfo() {
    System.setProperty("carafe.mode", "development");
    assertInstanceOf(PatternLayoutEncoder.class, encoder(configured()));
  }

  @Test
  void aReadableLineCarriesTheRequestIdBeforeItsMessage() {
    LoggerContext context = configured();
    String line = line(context, Map.of(LogContext.REQUEST_ID, "3f2a9c"));
    assertTrue(line.contains(" [3f2a9c] hello from a view"), line);
    String outside = line(context, Map.of());
    assertTrue(outside.endsWith(" hello from a view" + System.lineSeparator()), outside);
    assertFalse(outside.contains("[]"), outside);
  }

  @Test
  void aJsonLineCarriesTheRequestIdInItsMdc() throws Exception {
    System.setProperty("carafe.mode", "production");
    JsonNode line =
        new ObjectMapper().readTree(line(configured(), Map.of(LogContext.REQUEST_ID, "3f2a9c")));
    assertEquals("3f2a9c", line.get("mdc").get("request_id").asText());
    assertEquals("hello from a view", line.get("formattedMessage").asText());
  }

  @Test
  void logFormatChoosesEitherFormatInAnyMode() {
    System.setProperty("carafe.mode", "development");
    System.setProperty("carafe.log_format", "json");
    LoggerContext context = configured();
    assertInstanceOf(JsonEncoder.class, encoder(context));
    LogConfigurator.useFormat(context, "text");
    assertInstanceOf(PatternLayoutEncoder.class, encoder(context));
    assertEquals(1, countAppenders(context));
    IllegalArgumentException wrong =
        assertThrows(
            IllegalArgumentException.class, () -> LogConfigurator.useFormat(context, "xml"));
    assertEquals("log_format must be text or json, got 'xml'.", wrong.getMessage());
  }

  @Test
  void aCommandLogsReadableLinesToStandardErrorAndKeepsThemThere() {
    System.setProperty("carafe.mode", "production");
    LoggerContext context = configured();
    assertEquals("System.out", console(context).getTarget(), "a server's logs are its output");
    assertInstanceOf(JsonEncoder.class, encoder(context), "a server's logs are JSON lines");
    LogConfigurator.toStandardError(context);
    assertEquals("System.err", console(context).getTarget());
    assertInstanceOf(PatternLayoutEncoder.class, encoder(context), "a person reads them");
    assertEquals(Level.WARN, context.getLogger("com.zaxxer.hikari").getEffectiveLevel());
    LogConfigurator.useFormat(context, "json");
    assertEquals("System.err", console(context).getTarget(), "log_format read later");
    assertInstanceOf(JsonEncoder.class, encoder(context));
    assertEquals(1, countAppenders(context));
  }

  @Test
  void aCommandKeepsTheFormatGivenInTheEnvironment() {
    System.setProperty("carafe.mode", "production");
    System.setProperty("carafe.log_format", "json");
    LoggerContext context = configured();
    LogConfigurator.toStandardError(context);
    assertEquals("System.err", console(context).getTarget());
    assertInstanceOf(JsonEncoder.class, encoder(context));
  }

  @SuppressWarnings("unchecked")
  private static ConsoleAppender<ILoggingEvent> console(LoggerContext context) {
    return (ConsoleAppender<ILoggingEvent>)
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("console");
  }

  private static int countAppenders(LoggerContext context) {
    int[] count = {0};
    context
        .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
        .iteratorForAppenders()
        .forEachRemaining(a -> count[0]++);
    return count[0];
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
