package dev.carafe.dev;

import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;

/**
 * Records, as javac analyses each class, what other source files can see of it: its kind,
 * modifiers, supertypes, annotations, and every member that is not private with its type,
 * annotations and constant value, in declaration order (an enum's order is its ordinals). When a
 * saved file's fingerprint is unchanged, no other file compiles differently, so they need no
 * recompiling: a method body, a private helper or a string in a view changed.
 */
final class ApiFingerprints implements TaskListener {
  // Per file, per class name: a file may hold several top-level classes.
  private final Map<Path, Map<String, String>> classes = new ConcurrentHashMap<>();

  @Override
  public void finished(TaskEvent event) {
    if (event.getKind() != TaskEvent.Kind.ANALYZE
        || event.getTypeElement() == null
        || event.getSourceFile() == null
        || !"file".equals(event.getSourceFile().toUri().getScheme())) {
      return;
    }
    TypeElement type = event.getTypeElement();
    classes
        .computeIfAbsent(Path.of(event.getSourceFile().toUri()), f -> new TreeMap<>())
        .put(type.getQualifiedName().toString(), fingerprint(type));
  }

  /** Each analysed file's fingerprint. */
  Map<Path, String> byFile() {
    Map<Path, String> files = new TreeMap<>();
    classes.forEach((file, types) -> files.put(file, String.join("\n", types.values())));
    return files;
  }

  private static String fingerprint(TypeElement type) {
    StringBuilder out = new StringBuilder();
    describe(type, out);
    return out.toString();
  }

  private static void describe(TypeElement type, StringBuilder out) {
    out.append(type.getKind())
        .append(' ')
        .append(type.getModifiers())
        .append(' ')
        .append(type.getQualifiedName())
        .append(typeParameters(type.getTypeParameters()))
        .append(" extends ")
        .append(type.getSuperclass())
        .append(" implements ")
        .append(type.getInterfaces())
        .append(" permits ")
        .append(type.getPermittedSubclasses())
        .append(' ')
        .append(type.getAnnotationMirrors())
        .append('\n');
    for (Element member : type.getEnclosedElements()) {
      if (member.getModifiers().contains(Modifier.PRIVATE)
          && member.getKind() != ElementKind.RECORD_COMPONENT) {
        continue;
      }
      if (member instanceof TypeElement nested) {
        describe(nested, out);
        continue;
      }
      out.append("  ")
          .append(member.getKind())
          .append(' ')
          .append(member.getModifiers())
          .append(' ')
          .append(member.getSimpleName())
          .append(' ')
          .append(member.asType())
          .append(' ')
          .append(member.getAnnotationMirrors());
      if (member instanceof ExecutableElement method) {
        // Varargs decides which calls compile; the type alone shows an array either way.
        out.append(method.isVarArgs() ? " varargs" : "")
            .append(" throws ")
            .append(method.getThrownTypes())
            .append(" default ")
            .append(method.getDefaultValue());
      } else if (member instanceof VariableElement field && field.getConstantValue() != null) {
        // Constants are copied into the classes that use them.
        out.append(" = ").append(field.getConstantValue());
      }
      out.append('\n');
    }
  }

  private static String typeParameters(List<? extends TypeParameterElement> parameters) {
    return parameters.isEmpty()
        ? ""
        : parameters.stream()
            .map(p -> p.getSimpleName() + " extends " + p.getBounds())
            .collect(Collectors.joining(", ", "<", ">"));
  }
}
