package dev.carafe.dev;

import dev.carafe.Carafe;
import jakarta.servlet.Servlet;

/**
 * One generation of the app: its class loader, the Carafe app and the Javalin servlet serving it.
 */
record LoadedApp(long generation, AppClassLoader loader, Carafe app, Servlet servlet) {}
