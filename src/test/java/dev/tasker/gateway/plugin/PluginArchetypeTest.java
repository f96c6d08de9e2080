package dev.tasker.gateway.plugin;

import static dev.tasker.testkit.StepResultAssert.assertThatResult;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tasker.gateway.testing.PluginJarBuilder;
import dev.tasker.testkit.Steps;
import dev.tasker.testkit.TestGateway;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The project {@code worker-plugin-archetype} generates, on every {@code mvn verify}: its templates rendered with
 * the archetype's properties (they are plain {@code ${property}} substitutions, checked here, so this rendering is
 * what Velocity does), the handler compiled into a plugin jar that a real gateway loads and calls, and the
 * generated test (on the test kit) compiled and run. {@code .ci/archetype-smoke} does the same with Maven itself.
 */
class PluginArchetypeTest {

    private static final Path ARCHETYPE = Path.of("worker-plugin-archetype", "src", "main", "resources");
    private static final Path TEMPLATES = ARCHETYPE.resolve("archetype-resources");
    /** What Velocity would read as a directive or a comment rather than text. */
    private static final Pattern VELOCITY_DIRECTIVE =
            Pattern.compile("##|#\\{?(set|if|elseif|else|end|foreach|macro|parse|include|define|evaluate|stop|break)\\b");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9_]*)}");

    private static Path project;
    private static Map<String, String> properties;

    @BeforeAll
    static void generate(@TempDir Path dir) throws Exception {
        properties = new LinkedHashMap<>(defaults());
        properties.put("groupId", "com.example.shipping");
        properties.put("artifactId", "shipping-plugin");
        properties.put("version", "1.2.0");
        properties.put("package", "com.example.shipping");
        properties.put("handlerName", "ship_order");
        properties.put("handlerClass", "ShipOrderHandler");
        project = dir.resolve("shipping-plugin");
        render(TEMPLATES.resolve("pom.xml"), project.resolve("pom.xml"));
        for (FileSet fileSet : fileSets()) {
            Path from = TEMPLATES.resolve(fileSet.directory());
            try (Stream<Path> files = Files.walk(from)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String relative = from.relativize(file).toString().replace(File.separatorChar, '/');
                    if (!fileSet.includes(relative)) {
                        continue;
                    }
                    Path target = project.resolve(fileSet.directory());
                    if (fileSet.packaged()) {
                        target = target.resolve(properties.get("package").replace('.', File.separatorChar));
                    }
                    render(file, target.resolve(renamed(relative)));
                }
            }
        }
    }

    @Test
    void theTemplatesArePlainSubstitutionsOfDeclaredProperties() throws IOException {
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(file);
                assertThat(VELOCITY_DIRECTIVE.matcher(text).find()).as("%s holds a Velocity directive", file).isFalse();
                Matcher reference = REFERENCE.matcher(text);
                while (reference.find()) {
                    assertThat(properties.containsKey(reference.group(1)) || reference.group(1).equals("tasker"))
                            .as("%s refers to ${%s}", file, reference.group(1)).isTrue();
                }
            }
        }
    }

    @Test
    void theProjectHasTheHandlerItsDescriptorATestAndAReadme() throws IOException {
        Path sources = project.resolve("src/main/java/com/example/shipping");
        assertThat(sources.resolve("ShipOrderHandler.java")).content().contains("public final class ShipOrderHandler")
                .contains("return \"ship_order\";");
        assertThat(project.resolve("src/main/resources/META-INF/services/dev.tasker.gateway.handler.StepHandler"))
                .content().isEqualToIgnoringNewLines("com.example.shipping.ShipOrderHandler");
        assertThat(project.resolve("src/test/java/com/example/shipping/ShipOrderHandlerTest.java")).exists();
        assertThat(project.resolve("README.md")).content().contains("shipping-plugin").contains("ship_order")
                .doesNotContain("${");
    }

    @Test
    void itsPomBuildsAgainstTheSdkAndTestsWithTheKitOfThisVersion() throws Exception {
        Document pom = xml(project.resolve("pom.xml"));
        Map<String, String> scopes = new LinkedHashMap<>();
        NodeList dependencies = pom.getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            scopes.put(text(dependency, "artifactId"), text(dependency, "scope"));
        }

        assertThat(scopes).containsExactly(Map.entry("worker-sdk", "provided"), Map.entry("worker-testkit", "test"));
        assertThat(text(pom.getDocumentElement(), "artifactId")).isEqualTo("shipping-plugin");
        assertThat(properties.get("taskerVersion")).as("the archetype's default Tasker version")
                .isEqualTo(text(xml(Path.of("pom.xml")).getDocumentElement(), "version"));
    }

    @Test
    void itsJarLoadsInARealGatewayAndTheHandlerAnswers(@TempDir Path dir) {
        Path jar = PluginJarBuilder.create()
                .project(project.resolve("src/main/java"), project.resolve("src/main/resources"))
                .writeTo(dir.resolve("shipping-plugin.jar"));

        try (TestGateway gateway = TestGateway.withPluginJars(jar).start()) {
            assertThat(gateway.get("/v1/handlers/ship_order").body()).contains("\"jar\":\"shipping-plugin.jar\"")
                    .contains("\"version\":\"1.2.0\"").contains("NAME_MISSING");
            assertThatResult(gateway.execute(Steps.forHandler("ship_order").context("name", "Ada")))
                    .isSuccess().hasResultAt("/message", "Hello, Ada!").hasHandlerVersion("1.2.0");
        }
    }

    @Test
    void itsGeneratedTestPasses(@TempDir Path dir) throws Exception {
        Path classes = compile(dir, project.resolve("src/main/java"), project.resolve("src/test/java"));
        List<String> ran = new ArrayList<>();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                getClass().getClassLoader())) {
            Class<?> testClass = loader.loadClass("com.example.shipping.ShipOrderHandlerTest");
            Constructor<?> constructor = testClass.getDeclaredConstructor();
            constructor.setAccessible(true);
            for (Method method : testClass.getDeclaredMethods()) {
                if (method.isAnnotationPresent(Test.class)) {
                    method.setAccessible(true);
                    try {
                        method.invoke(constructor.newInstance());
                    } catch (InvocationTargetException e) {
                        throw new AssertionError("the generated test " + method.getName() + " failed", e.getCause());
                    }
                    ran.add(method.getName());
                }
            }
        }

        assertThat(ran).hasSize(5).contains("aMissingNameIsAPermanentValidationFailure", "answersOverHttpInARealGateway");
    }

    /** A fileSet of archetype-metadata.xml: its directory, whether it goes under the package, its includes. */
    private record FileSet(String directory, boolean packaged, List<String> includes) {

        /** Ant-style: {@code **}{@code /} matches no folder as well. */
        boolean includes(String relative) {
            for (String include : includes) {
                List<String> patterns = include.startsWith("**/") ? List.of(include, include.substring(3)) : List.of(include);
                for (String pattern : patterns) {
                    if (FileSystems.getDefault().getPathMatcher("glob:" + pattern).matches(Path.of(relative))) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private static Map<String, String> defaults() throws Exception {
        Map<String, String> defaults = new LinkedHashMap<>();
        NodeList required = metadata().getElementsByTagName("requiredProperty");
        for (int i = 0; i < required.getLength(); i++) {
            Element property = (Element) required.item(i);
            defaults.put(property.getAttribute("key"), text(property, "defaultValue"));
        }
        assertThat(defaults).containsOnlyKeys("handlerName", "handlerClass", "taskerVersion");
        return defaults;
    }

    private static List<FileSet> fileSets() throws Exception {
        List<FileSet> sets = new ArrayList<>();
        NodeList nodes = metadata().getElementsByTagName("fileSet");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element set = (Element) nodes.item(i);
            assertThat(set.getAttribute("filtered")).isEqualTo("true");
            List<String> includes = new ArrayList<>();
            NodeList patterns = set.getElementsByTagName("include");
            for (int j = 0; j < patterns.getLength(); j++) {
                includes.add(patterns.item(j).getTextContent().trim());
            }
            sets.add(new FileSet(text(set, "directory"), Boolean.parseBoolean(set.getAttribute("packaged")), includes));
        }
        return sets;
    }

    private static Document metadata() throws Exception {
        return xml(ARCHETYPE.resolve("META-INF/maven/archetype-metadata.xml"));
    }

    private static void render(Path template, Path target) throws IOException {
        Matcher reference = REFERENCE.matcher(Files.readString(template));
        StringBuilder out = new StringBuilder();
        while (reference.find()) {
            String value = properties.get(reference.group(1));
            reference.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : reference.group()));
        }
        reference.appendTail(out);
        Files.createDirectories(target.getParent());
        Files.writeString(target, out);
    }

    /** {@code __handlerClass__Test.java} → {@code ShipOrderHandlerTest.java}, as the archetype renames files. */
    private static String renamed(String relative) {
        String name = relative;
        for (Map.Entry<String, String> property : properties.entrySet()) {
            name = name.replace("__" + property.getKey() + "__", property.getValue());
        }
        return name;
    }

    private static Path compile(Path dir, Path... roots) throws IOException {
        List<File> sources = new ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> sources.add(f.toFile()));
            }
        }
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            boolean ok = compiler.getTask(null, files, diagnostics, List.of("--release", "17", "-proc:none", "-d",
                    classes.toString(), "-classpath", classPath), null, files.getJavaFileObjectsFromFiles(sources)).call();
            assertThat(ok).as("the generated sources compile: %s", diagnostics.getDiagnostics()).isTrue();
        }
        return classes;
    }

    private static Document xml(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(false);
        return factory.newDocumentBuilder().parse(file.toFile());
    }

    /** The text of the first direct child element with this name, or null. */
    private static String text(Element parent, String child) {
        for (org.w3c.dom.Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(child)) {
                return element.getTextContent().trim();
            }
        }
        return null;
    }
}
