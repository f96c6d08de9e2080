package dev.tasker.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * A real plugin jar for the test kit's own tests: one handler class compiled from source at test time (so it
 * is not on the test class path and the plugin's own class loader defines it) plus its services file.
 */
final class CompiledPluginJar {

    private CompiledPluginJar() {
    }

    static Path write(Path jar, String className, String source) throws IOException {
        Path work = Files.createTempDirectory("testkit-plugin");
        Path file = work.resolve("src").resolve(className.replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        Path classes = Files.createDirectories(work.resolve("classes"));
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            boolean compiled = compiler.getTask(null, files, diagnostics, List.of("--release", "17", "-proc:none",
                    "-d", classes.toString(), "-classpath", classPath), null,
                    files.getJavaFileObjects(file.toFile())).call();
            if (!compiled) {
                throw new IllegalStateException("the plugin source does not compile: " + diagnostics.getDiagnostics());
            }
        }
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out);
             Stream<Path> compiled = Files.walk(classes)) {
            for (Path classFile : compiled.filter(Files::isRegularFile).toList()) {
                jarOut.putNextEntry(new JarEntry(classes.relativize(classFile).toString().replace('\\', '/')));
                jarOut.write(Files.readAllBytes(classFile));
                jarOut.closeEntry();
            }
            jarOut.putNextEntry(new JarEntry("META-INF/services/dev.tasker.gateway.handler.StepHandler"));
            jarOut.write((className + "\n").getBytes(StandardCharsets.UTF_8));
            jarOut.closeEntry();
        }
        return jar;
    }
}
