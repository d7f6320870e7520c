package dev.carafe;

import java.util.Map;

/** The template renderer of an app no extension gave one: it fails with what to add. */
final class NoTemplates implements TemplateRenderer {
  @Override
  public String render(String template, Map<String, Object> context) {
    throw new IllegalStateException(
        "This app has no template renderer to render "
            + template
            + ": put Carafe's dev.carafe.templates package on the class path, or set one with"
            + " app.templateRenderer(...).");
  }
}
