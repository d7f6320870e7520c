/**
 * Carafe's public API: {@link dev.carafe.Carafe} (the app), {@link dev.carafe.Blueprint}, {@link
 * dev.carafe.Request} and {@link dev.carafe.Response}, hooks and error views, {@link
 * dev.carafe.Config} and {@link dev.carafe.Health}. Everything a Carafe app imports lives here; the
 * mechanics behind it are package-private or in {@code dev.carafe.internal}.
 */
package dev.carafe;
