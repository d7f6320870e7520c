/**
 * Carafe: the app API in {@code dev.carafe}, the one package this module exports. Sessions,
 * templates, the development and production servers and the command line are inside it, reached
 * through the API or the {@code carafe} command; see {@code dev.carafe}'s package documentation for
 * the package graph.
 */
module dev.carafe {
  exports dev.carafe;

  requires transitive io.javalin;
  requires transitive org.slf4j;
  requires transitive micrometer.core;
  requires micrometer.registry.prometheus;
  requires org.eclipse.jetty.server;
  requires org.eclipse.jetty.http;
  requires org.eclipse.jetty.io;
  requires org.eclipse.jetty.util;
  requires org.eclipse.jetty.ee10.servlet;
  requires org.eclipse.jetty.unixdomain.server;
  requires jakarta.servlet;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.datatype.jsr310;
  requires io.pebbletemplates;
  requires ch.qos.logback.classic;
  requires ch.qos.logback.core;
  requires info.picocli;
  requires java.compiler;
  requires jdk.compiler;
  requires java.management;
  requires jdk.management;
  requires jdk.jfr;
  requires java.net.http;
  requires jdk.httpserver;
  requires jdk.unsupported;

  uses dev.carafe.Extension;

  provides dev.carafe.Extension with
      dev.carafe.session.SignedCookieSessions,
      dev.carafe.templates.PebbleTemplates;
  provides ch.qos.logback.classic.spi.Configurator with
      dev.carafe.internal.LogConfigurator;

  // picocli builds the command line from annotations by reflection.
  opens dev.carafe.cli to
      info.picocli;
}
