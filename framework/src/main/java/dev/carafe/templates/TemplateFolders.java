package dev.carafe.templates;

import dev.carafe.Carafe;
import io.pebbletemplates.pebble.error.LoaderException;
import io.pebbletemplates.pebble.loader.Loader;
import io.pebbletemplates.pebble.utils.PathUtils;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds a template in the first of an app's template folders that has it, Flask's dispatching Jinja
 * loader: the app's folder, then the blueprints' (see {@link Carafe#templateFolders()}). The
 * folders are read under {@code resource_root} on disk when it is set (development, so an edit
 * shows on the next render), else from the class path, asking the thread's class loader first (the
 * app's, when a development server reloads it) and then the framework's. A folder that is not under
 * {@code resource_root}, such as the one of a blueprint a library jar brings, is read from the
 * class path in development too.
 */
final class TemplateFolders implements Loader<String> {
  private final List<String> folders;
  private final Optional<Path> root;

  TemplateFolders(List<String> folders, Optional<Path> root) {
    this.folders = folders.stream().map(f -> f.endsWith("/") ? f : f + "/").toList();
    this.root = root.map(Path::toAbsolutePath);
  }

  private Optional<URL> find(String name) {
    if (name.startsWith("/") || name.contains("..") || name.contains("\\")) {
      return Optional.empty();
    }
    for (String folder : folders) {
      Optional<Path> onDisk = root.map(r -> r.resolve(folder)).filter(Files::isDirectory);
      URL url =
          onDisk.isPresent() ? onDisk(onDisk.get().resolve(name)) : onClassPath(folder + name);
      if (url != null) {
        return Optional.of(url);
      }
    }
    return Optional.empty();
  }

  private static URL onClassPath(String resource) {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    URL url = context == null ? null : context.getResource(resource);
    return url != null ? url : Carafe.class.getClassLoader().getResource(resource);
  }

  private static URL onDisk(Path file) {
    try {
      return Files.isRegularFile(file) ? file.toUri().toURL() : null;
    } catch (MalformedURLException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Reader getReader(String name) {
    URL url =
        find(name)
            .orElseThrow(
                () ->
                    new LoaderException(
                        null,
                        "Template '"
                            + name
                            + "' not found in "
                            + String.join(", ", folders)
                            + root.map(r -> " under " + r + " or").orElse("")
                            + " on the class path"));
    try {
      return new InputStreamReader(url.openStream(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new LoaderException(e, "Cannot read template " + url);
    }
  }

  @Override
  public void setCharset(String charset) {}

  @Override
  public void setPrefix(String prefix) {}

  @Override
  public void setSuffix(String suffix) {}

  @Override
  public String resolveRelativePath(String relativePath, String anchorPath) {
    return PathUtils.resolveRelativePath(relativePath, anchorPath, '/');
  }

  @Override
  public String createCacheKey(String name) {
    return name;
  }

  @Override
  public boolean resourceExists(String name) {
    return find(name).isPresent();
  }
}
