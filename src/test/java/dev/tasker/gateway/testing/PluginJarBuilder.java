package dev.tasker.gateway.testing;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Writes real plugin jars for tests: compiles Java sources with the system compiler against the test class
 * path (so they see the gateway's SPI) and packages the classes with {@code META-INF/services} files. Also
 * writes the broken files a plugins folder may hold.
 */
public final class PluginJarBuilder {

    private final Map<String, String> sources = new LinkedHashMap<>();
    private final List<Path> sourceFiles = new ArrayList<>();
    private final Map<String, List<String>> services = new LinkedHashMap<>();
    private final Map<String, byte[]> resources = new LinkedHashMap<>();
    private final List<String> omitted = new ArrayList<>();

    public static PluginJarBuilder create() {
        return new PluginJarBuilder();
    }

    /** A class to compile, by its fully qualified name. */
    public PluginJarBuilder source(String className, String code) {
        sources.put(className, code);
        return this;
    }

    /** Every {@code .java} file under {@code sourceRoot}, and every other file under {@code resourceRoot}. */
    public PluginJarBuilder project(Path sourceRoot, Path resourceRoot) {
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(sourceFiles::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (resourceRoot != null && Files.isDirectory(resourceRoot)) {
            try (Stream<Path> files = Files.walk(resourceRoot)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String name = resourceRoot.relativize(file).toString().replace(File.separatorChar, '/');
                    resources.put(name, Files.readAllBytes(file));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return this;
    }

    /** A line of {@code META-INF/services/<service>}: any class name, present in the jar or not. */
    public PluginJarBuilder service(Class<?> service, String providerClassName) {
        services.computeIfAbsent(service.getName(), k -> new ArrayList<>()).add(providerClassName);
        return this;
    }

    /** Compiles the class but leaves it out of the jar (a missing dependency). */
    public PluginJarBuilder omitClass(String className) {
        omitted.add(className.replace('.', '/') + ".class");
        return this;
    }

    public PluginJarBuilder resource(String name, String content) {
        resources.put(name, content.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /**
     * Compiles and packages the jar, then moves it into place in one step (a watcher or a reload never sees
     * half a jar).
     */
    public Path writeTo(Path jar) {
        try {
            Path work = Files.createTempDirectory("plugin-build");
            Path classes = Files.createDirectories(work.resolve("classes"));
            compile(work, classes);
            Path temp = Files.createTempFile(work, "plugin", ".jar");
            try (OutputStream out = Files.newOutputStream(temp);
                 JarOutputStream jarOut = new JarOutputStream(out, manifest())) {
                try (Stream<Path> files = Files.walk(classes)) {
                    for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                        String name = classes.relativize(file).toString().replace(File.separatorChar, '/');
                        if (!omitted.contains(name)) {
                            put(jarOut, name, Files.readAllBytes(file));
                        }
                    }
                }
                for (Map.Entry<String, byte[]> resource : resources.entrySet()) {
                    put(jarOut, resource.getKey(), resource.getValue());
                }
                for (Map.Entry<String, List<String>> service : services.entrySet()) {
                    put(jarOut, "META-INF/services/" + service.getKey(),
                            (String.join("\n", service.getValue()) + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            Files.createDirectories(jar.toAbsolutePath().getParent());
            Files.move(temp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file named like a jar that is not a zip at all. */
    public static Path writeNotAZip(Path jar) {
        try {
            Files.createDirectories(jar.toAbsolutePath().getParent());
            return Files.writeString(jar, "this is not a zip file, only text named like a jar\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void compile(Path work, Path classes) throws IOException {
        List<File> files = new ArrayList<>();
        for (Path file : sourceFiles) {
            files.add(file.toFile());
        }
        Path sourceDir = Files.createDirectories(work.resolve("src"));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = sourceDir.resolve(source.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            files.add(file.toFile());
        }
        if (files.isEmpty()) {
            return;
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("no system Java compiler: tests must run on a JDK");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fileManager = compiler.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            List<String> options = List.of("--release", "17", "-proc:none", "-d", classes.toString(),
                    "-classpath", testClassPath());
            boolean ok = compiler.getTask(null, fileManager, diagnostics, options, null,
                    fileManager.getJavaFileObjectsFromFiles(files)).call();
            if (!ok) {
                throw new IllegalStateException("plugin sources do not compile: " + diagnostics.getDiagnostics());
            }
        }
    }

    /** Surefire runs tests from a manifest-only jar; the real class path is in this property then. */
    private static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static Manifest manifest() {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        return manifest;
    }

    private static void put(JarOutputStream jar, String name, byte[] bytes) throws IOException {
        jar.putNextEntry(new JarEntry(name));
        jar.write(bytes);
        jar.closeEntry();
    }
}
