package dev.carafe;

import java.util.List;

/**
 * A custom filter: {@code {{ value | name(arg1, arg2) }}} calls {@code apply(value, [arg1, arg2])}.
 */
@FunctionalInterface
public interface TemplateFilter {
  /** The filtered value of {@code input}, given the filter's arguments in order. */
  Object apply(Object input, List<Object> args) throws Exception;
}
