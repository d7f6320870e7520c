package dev.carafe.templates;

import dev.carafe.Carafe;
import io.pebbletemplates.pebble.error.LoaderException;
import io.pebbletemplates.pebble.loader.Loader;
import io.pebbletemplates.pebble.utils.PathUtils;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * Finds templates on the class path under a folder, asking the thread's class loader first (the
 * app's, when a development server reloads it) and then the framework's.
 */
final class ClasspathTemplates implements Loader<String> {
  private final String folder;

  ClasspathTemplates(String folder) {
    this.folder = folder.endsWith("/") ? folder : folder + "/";
  }

  private URL find(String name) {
    if (name.startsWith("/") || name.contains("..") || name.contains("\\")) {
      return null;
    }
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    URL url = context == null ? null : context.getResource(folder + name);
    return url != null ? url : Carafe.class.getClassLoader().getResource(folder + name);
  }

  @Override
  public Reader getReader(String name) {
    URL url = find(name);
    if (url == null) {
      throw new LoaderException(
          null, "Template '" + name + "' not found on the class path under " + folder);
    }
    try {
      return new InputStreamReader(url.openStream(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new LoaderException(e, "Cannot read template " + folder + name);
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
    return find(name) != null;
  }
}
