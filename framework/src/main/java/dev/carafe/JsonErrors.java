package dev.carafe;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.carafe.internal.Json;
import java.util.Collection;

/**
 * Words a JSON body that does not parse or fit for the client that sent it: what is wrong, at which
 * field, line and column. Never a Java class name: Jackson's own messages name the view's types
 * ({@code com.example.Api$NewPost}), which tell a client how the app is built and nothing it can
 * fix.
 */
final class JsonErrors {
  private JsonErrors() {}

  /** The 400 for a body that failed to bind; a type Jackson cannot bind at all is the app's bug. */
  static HttpAbort badRequest(JsonProcessingException e) {
    if (e instanceof InvalidDefinitionException definition) {
      throw new IllegalStateException(
          "JSON cannot be bound to " + definition.getType() + ": " + e.getOriginalMessage(), e);
    }
    if (e instanceof MismatchedInputException || e instanceof ValueInstantiationException) {
      return new HttpAbort(400, "The JSON body does not fit: " + at(e) + mismatch(e) + where(e));
    }
    if (e instanceof StreamConstraintsException) {
      return new HttpAbort(
          400,
          "The JSON body is too large in one place: nesting deeper than "
              + Json.MAX_DEPTH
              + " levels, a string over "
              + Json.MAX_STRING_LENGTH
              + " characters or a number over "
              + Json.MAX_NUMBER_LENGTH
              + " digits"
              + where(e));
    }
    return new HttpAbort(400, "Malformed JSON: " + syntax(e) + where(e));
  }

  /** {@code at 'items[2].name': }, or nothing for the body as a whole. */
  private static String at(JsonProcessingException e) {
    if (!(e instanceof JsonMappingException m) || m.getPath().isEmpty()) {
      return "";
    }
    StringBuilder field = new StringBuilder();
    for (JsonMappingException.Reference ref : m.getPath()) {
      if (ref.getFieldName() != null) {
        field.append(field.length() == 0 ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        field.append('[').append(ref.getIndex()).append(']');
      }
    }
    return field.length() == 0 ? "" : "at '" + field + "': ";
  }

  private static String mismatch(JsonProcessingException e) {
    if (e instanceof UnrecognizedPropertyException) {
      return "unknown field";
    }
    if (e instanceof ValueInstantiationException v) {
      // A constructor that refuses a value with IllegalArgumentException says why for the client.
      return v.getCause() instanceof IllegalArgumentException refused
              && refused.getMessage() != null
          ? "refused: " + refused.getMessage()
          : "a value was refused";
    }
    MismatchedInputException m = (MismatchedInputException) e;
    if (m instanceof InvalidNullException) {
      return "expected " + kind(m.getTargetType()) + ", got null";
    }
    if (m instanceof InvalidFormatException f) {
      String value = String.valueOf(f.getValue());
      value = value.length() > 40 ? value.substring(0, 40) + "…" : value;
      return "expected "
          + kind(f.getTargetType())
          + ", got "
          + (f.getValue() instanceof String ? "'" + value + "'" : value);
    }
    JsonToken token = m.getProcessor() instanceof JsonParser parser ? parser.currentToken() : null;
    if (token == null) {
      return "the body is empty";
    }
    return "expected " + kind(m.getTargetType()) + ", got " + kind(token);
  }

  /** How a client would name what a Java type reads: a JSON kind, never the class. */
  private static String kind(Class<?> type) {
    if (type == null) {
      return "another value";
    }
    if (type.isPrimitive() && type != boolean.class && type != char.class
        || Number.class.isAssignableFrom(type)) {
      return "a number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type.isEnum()) {
      return "one of " + java.util.Arrays.toString(type.getEnumConstants());
    }
    if (CharSequence.class.isAssignableFrom(type)
        || type == char.class
        || type == Character.class
        || type.getName().startsWith("java.time.")
        || type == java.util.UUID.class) {
      return "a string";
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    return type == Object.class ? "a value" : "an object";
  }

  private static String kind(JsonToken token) {
    return switch (token) {
      case START_OBJECT, END_OBJECT, FIELD_NAME -> "an object";
      case START_ARRAY, END_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "true or false";
      case VALUE_NULL -> "null";
      default -> "another value";
    };
  }

  /**
   * Jackson's words for a syntax error, which name characters and tokens, without its source
   * excerpt; anything that still reads like code is replaced by a plain sentence.
   */
  private static String syntax(JsonProcessingException e) {
    String message = String.valueOf(e.getOriginalMessage());
    message = message.replaceAll("\\s*\\(start marker at \\[Source:[^]]*]\\)", "");
    message = message.replaceAll("\\s*at \\[Source:.*", "").strip();
    return message.contains("`") || message.contains("$") || message.contains("java.")
        ? "the body is not valid JSON"
        : message;
  }

  private static String where(JsonProcessingException e) {
    return e.getLocation() != null && e.getLocation().getLineNr() > 0
        ? " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")"
        : "";
  }
}
