/**
 * Mechanics without I/O, Flask's "sansio" idea: rule parsing and matching, the router, trusted
 * proxies, the JSON mapper, app loading, the production secret check, logging defaults, and the
 * {@link dev.carafe.internal.ServerView} through which the servers reach an app. One exception
 * holds a thread: {@link dev.carafe.internal.MinimumBodyRate}, the Jetty handler that the app's own
 * server and the development server both put in front of the app. It imports nothing of {@code
 * dev.carafe}, and no module exports it: not API, it may change in any release.
 */
package dev.carafe.internal;
