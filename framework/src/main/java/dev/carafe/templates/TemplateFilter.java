package dev.carafe.templates;

import java.util.List;

/**
 * A custom filter: {@code {{ value | name(arg1, arg2) }}} calls {@code apply(value, [arg1, arg2])}.
 */
@FunctionalInterface
public interface TemplateFilter {
  Object apply(Object input, List<Object> args) throws Exception;
}
