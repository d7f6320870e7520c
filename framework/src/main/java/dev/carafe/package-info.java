/**
 * Carafe's public API: {@link dev.carafe.Carafe} (the app), {@link dev.carafe.Blueprint}, {@link
 * dev.carafe.Request} and {@link dev.carafe.Response}, hooks and error views, {@link
 * dev.carafe.Config} and {@link dev.carafe.Health}, sessions and templates with the interfaces they
 * plug in through. Everything a Carafe app imports lives here; the mechanics behind it are
 * package-private or in packages no module exports.
 *
 * <h2>The package graph</h2>
 *
 * <p>Each layer imports only the layers before it, and no package cycle exists (the framework's
 * {@code ArchitectureTest} fails the build otherwise):
 *
 * <ol>
 *   <li>the core: {@code dev.carafe} (the API) and {@code dev.carafe.internal} (mechanics without
 *       the API's types: {@code internal} imports nothing of {@code dev.carafe});
 *   <li>{@code dev.carafe.session} and {@code dev.carafe.templates}: the default {@link
 *       dev.carafe.SessionInterface} and {@link dev.carafe.TemplateRenderer}, each an {@link
 *       dev.carafe.Extension} the core finds with {@link java.util.ServiceLoader}, so the core
 *       never imports them;
 *   <li>{@code dev.carafe.dev} and {@code dev.carafe.prod}: the development and production servers,
 *       which reach what they need of an app through {@code dev.carafe.internal.ServerView};
 *   <li>{@code dev.carafe.cli}: the command line.
 * </ol>
 *
 * <p>Javalin's types appear in exactly one place, the escape hatch: {@link
 * dev.carafe.Request#javalinContext()} and {@link dev.carafe.Carafe#configureJavalin}.
 */
package dev.carafe;
