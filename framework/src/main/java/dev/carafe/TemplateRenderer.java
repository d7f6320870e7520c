package dev.carafe;

import java.util.Map;

/**
 * Turns a template and its context into text, Flask's Jinja environment. Carafe's default renders
 * Pebble templates (Jinja-like syntax, HTML autoescaping) from {@code templates/} and the
 * blueprints' template folders ({@link Carafe#templateFolders()}); install another with {@link
 * Carafe#templateRenderer(TemplateRenderer)}.
 */
@FunctionalInterface
public interface TemplateRenderer {
  /**
   * Renders {@code template} (a path such as {@code blog/index.html}) with this context, which
   * already holds {@code request}, {@code session}, {@code g}, the context processors' values and
   * the view's model.
   */
  String render(String template, Map<String, Object> context) throws Exception;
}
