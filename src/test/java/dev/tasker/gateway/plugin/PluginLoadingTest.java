package dev.tasker.gateway.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.testing.PluginJarBuilder;
import dev.tasker.gateway.testing.PluginSources;
import dev.tasker.gateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A gateway started on a plugins folder holding good jars and every kind of broken one: it starts, serves
 * the good handlers, and reports each failure with its jar, class and cause.
 */
class PluginLoadingTest {

    private static Path plugins;
    private static TestGateway gateway;

    @BeforeAll
    static void startOnAFolderOfGoodAndBrokenJars() throws Exception {
        plugins = Files.createTempDirectory("plugins");
        PluginJarBuilder.create()
                .source("plugin.good.Hello", PluginSources.handler("plugin.good.Hello", "plugin-hello", "1.2.3",
                        "hello-alias"))
                .source("plugin.good.Second", PluginSources.handler("plugin.good.Second", "plugin-second", "0.9.0"))
                .source("plugin.good.LoadedLater", PluginSources.notAHandler("plugin.good.LoadedLater"))
                .service(StepHandler.class, "plugin.good.Hello")
                .service(StepHandler.class, "plugin.good.Second")
                .writeTo(plugins.resolve("a-good.jar"));
        PluginJarBuilder.writeNotAZip(plugins.resolve("not-a-zip.jar"));
        PluginJarBuilder.create()
                .source("plugin.missing.Present", PluginSources.handler("plugin.missing.Present", "present", "1.0.0"))
                .service(StepHandler.class, "plugin.missing.DoesNotExist")
                .service(StepHandler.class, "plugin.missing.Present")
                .writeTo(plugins.resolve("missing-class.jar"));
        PluginJarBuilder.create()
                .source("plugin.throwing.Explodes", PluginSources.throwingConstructor("plugin.throwing.Explodes"))
                .service(StepHandler.class, "plugin.throwing.Explodes")
                .writeTo(plugins.resolve("throwing-constructor.jar"));
        PluginJarBuilder.create()
                .source("plugin.nothandler.Task", PluginSources.notAHandler("plugin.nothandler.Task"))
                .service(StepHandler.class, "plugin.nothandler.Task")
                .writeTo(plugins.resolve("not-a-handler.jar"));
        PluginJarBuilder.create()
                .source("plugin.clash.Echo", PluginSources.handler("plugin.clash.Echo", "echo", "9.9.9"))
                .service(StepHandler.class, "plugin.clash.Echo")
                .writeTo(plugins.resolve("clash-with-builtin.jar"));
        PluginJarBuilder.create()
                .source("plugin.clash.Hello", PluginSources.handler("plugin.clash.Hello", "plugin-hello", "6.6.6"))
                .service(StepHandler.class, "plugin.clash.Hello")
                .writeTo(plugins.resolve("clash-with-jar.jar"));
        PluginJarBuilder.create()
                .source("plugin.clash.Fresh", PluginSources.handler("plugin.clash.Fresh", "fresh", "1.0.0",
                        "hello-alias"))
                .service(StepHandler.class, "plugin.clash.Fresh")
                .writeTo(plugins.resolve("clash-alias.jar"));
        // the same class name in two jars: each jar's classes are its own
        for (String variant : List.of("x", "y")) {
            PluginJarBuilder.create()
                    .source("plugin.same.Handler", PluginSources.handler("plugin.same.Handler", "same-" + variant,
                            "1.0.0"))
                    .service(StepHandler.class, "plugin.same.Handler")
                    .writeTo(plugins.resolve("same-class-" + variant + ".jar"));
        }
        String[] unlinked = PluginSources.withMissingSuperclass("plugin.unlinked");
        PluginJarBuilder.create()
                .source("plugin.unlinked.Base", unlinked[0])
                .source("plugin.unlinked.Handler", unlinked[1])
                .omitClass("plugin.unlinked.Base")
                .service(StepHandler.class, "plugin.unlinked.Handler")
                .writeTo(plugins.resolve("missing-dependency.jar"));
        PluginJarBuilder.create()
                .source("plugin.invalid.Unversioned", PluginSources.throwingVersion("plugin.invalid.Unversioned"))
                .service(StepHandler.class, "plugin.invalid.Unversioned")
                .writeTo(plugins.resolve("invalid-handler.jar"));
        Files.writeString(plugins.resolve("notes.txt"), "not a jar: ignored");
        gateway = TestGateway.start(Map.of("plugins_dir", plugins.toString()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Nested
    class GoodHandlers {

        @Test
        void areListedWithTheirJarHashAndLoadTime() throws Exception {
            JsonNode hello = TestGateway.json(gateway.get("/v1/handlers/plugin-hello"));

            assertThat(hello.get("version").asText()).isEqualTo("1.2.3");
            assertThat(hello.get("aliases").get(0).asText()).isEqualTo("hello-alias");
            JsonNode source = hello.get("source");
            assertThat(source.get("type").asText()).isEqualTo("plugin");
            assertThat(source.get("jar").asText()).isEqualTo("a-good.jar");
            assertThat(source.get("sha256").asText())
                    .isEqualTo(JarStaging.sha256(Files.readAllBytes(plugins.resolve("a-good.jar"))));
            assertThat(source.get("loaded_at").asText()).isNotBlank();
        }

        @Test
        void answerStepsWithTheirVersionAsHandlerVersion() {
            JsonNode result = TestGateway.json(gateway.postJson("/v1/steps", step("hello-alias")));

            assertThat(result.get("success").asBoolean()).isTrue();
            assertThat(result.get("result").get("handler").asText()).isEqualTo("plugin-hello");
            assertThat(result.get("metadata").get("handler_version").asText()).isEqualTo("1.2.3");
        }

        @Test
        void runWithTheirJarAsContextClassLoader() {
            JsonNode result = TestGateway.json(gateway.postJson("/v1/steps", step("plugin-hello")));

            assertThat(result.get("result").get("context_loader_is_plugin").asBoolean()).isTrue();
        }

        @Test
        void theRestOfAJarWithABrokenEntryStillLoads() {
            JsonNode result = TestGateway.json(gateway.postJson("/v1/steps", step("present")));

            assertThat(result.get("result").get("handler").asText()).isEqualTo("present");
        }

        @Test
        void twoJarsWithTheSameClassNameEachRunTheirOwnClass() {
            assertThat(TestGateway.json(gateway.postJson("/v1/steps", step("same-x")))
                    .get("result").get("handler").asText()).isEqualTo("same-x");
            assertThat(TestGateway.json(gateway.postJson("/v1/steps", step("same-y")))
                    .get("result").get("handler").asText()).isEqualTo("same-y");
        }

        @Test
        void pluginClassesAreInvisibleToTheApplication() {
            assertThatThrownBy(() -> Class.forName("plugin.good.Hello"))
                    .isInstanceOf(ClassNotFoundException.class);
            StepHandler hello = gateway.server().application().registries().current().resolve("plugin-hello")
                    .orElseThrow().handler();
            assertThat(hello.getClass().getClassLoader()).isInstanceOf(PluginClassLoader.class);
            assertThat(hello.getClass().getClassLoader().getParent()).isSameAs(StepHandler.class.getClassLoader());
        }

        @Test
        void keepServingFromTheirCopyWhenTheOriginalIsDeleted() throws Exception {
            Path original = plugins.resolve("a-good.jar");
            String sha256 = JarStaging.sha256(Files.readAllBytes(original));
            Path copy = gateway.home().resolve("data").resolve("plugins").resolve(sha256 + ".jar").toRealPath();
            StepHandler hello = gateway.server().application().registries().current().resolve("plugin-hello")
                    .orElseThrow().handler();
            ClassLoader jarLoader = hello.getClass().getClassLoader();
            assertThat(codeSourceOf(hello.getClass())).as("where the handler class was read from").isEqualTo(copy);
            Path aside = Files.move(original, plugins.resolve("a-good.jar.aside"));
            try {
                Class<?> later = Class.forName("plugin.good.LoadedLater", true, jarLoader);
                assertThat(codeSourceOf(later)).as("a class first loaded after the original is gone").isEqualTo(copy);
                JsonNode result = TestGateway.json(gateway.postJson("/v1/steps", step("plugin-second")));
                assertThat(result.get("result").get("handler").asText()).isEqualTo("plugin-second");
            } finally {
                Files.move(aside, original);
            }
        }

        private static Path codeSourceOf(Class<?> type) throws Exception {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toRealPath();
        }
    }

    @Nested
    class Failures {

        @ParameterizedTest(name = "{0}: {2}")
        @CsvSource(nullValues = "-", value = {
                "not-a-zip.jar,            -,                            not_a_zip,          not a zip",
                "missing-class.jar,        plugin.missing.DoesNotExist,  class_not_found,    but the jar has no such class",
                "throwing-constructor.jar, plugin.throwing.Explodes,     constructor_failed, missing configuration ORDERS_URL",
                "not-a-handler.jar,        plugin.nothandler.Task,       not_a_service,      does not implement dev.tasker.gateway.handler.StepHandler",
                "clash-with-builtin.jar,   plugin.clash.Echo,            name_taken,         already taken by 'echo' (builtin)",
                "clash-with-jar.jar,       plugin.clash.Hello,           name_taken,         already taken by 'plugin-hello' (plugin a-good.jar)",
                "clash-alias.jar,          plugin.clash.Fresh,           name_taken,         'hello-alias'",
                "missing-dependency.jar,   plugin.unlinked.Handler,      class_not_found,    NoClassDefFoundError: plugin/unlinked/Base",
                "invalid-handler.jar,      plugin.invalid.Unversioned,   invalid_handler,    version not set",
        })
        void eachBrokenKindIsReportedWithJarClassAndCause(String jar, String className, String kind, String cause) {
            JsonNode failures = TestGateway.json(gateway.get("/v1/plugins")).get("failures");
            List<JsonNode> ofJar = new ArrayList<>();
            failures.forEach(f -> {
                if (f.get("jar").asText().equals(jar)) {
                    ofJar.add(f);
                }
            });

            assertThat(ofJar).hasSize(1);
            JsonNode failure = ofJar.get(0);
            assertThat(failure.get("kind").asText()).isEqualTo(kind);
            assertThat(failure.get("class_name").isNull() ? null : failure.get("class_name").asText())
                    .isEqualTo(className);
            assertThat(failure.get("cause").asText()).contains(cause);
        }

        @Test
        void aNameClashNamesBothSidesAndReplacesNothing() {
            JsonNode echo = TestGateway.json(gateway.get("/v1/handlers/echo"));
            JsonNode hello = TestGateway.json(gateway.get("/v1/handlers/hello-alias"));

            assertThat(echo.get("source").get("type").asText()).isEqualTo("builtin");
            assertThat(hello.get("source").get("jar").asText()).isEqualTo("a-good.jar");
            assertThat(gateway.get("/v1/handlers/fresh").statusCode()).isEqualTo(404);
            String cause = failureOf("clash-with-jar.jar").get("cause").asText();
            assertThat(cause).contains("clash-with-jar.jar").contains("a-good.jar");
        }

        @Test
        void pluginsListsLoadedJarsWithTheirHandlers() {
            JsonNode jars = TestGateway.json(gateway.get("/v1/plugins")).get("jars");
            JsonNode good = StreamSupport.stream(jars.spliterator(), false)
                    .filter(j -> j.get("jar").asText().equals("a-good.jar")).findFirst().orElseThrow();

            assertThat(good.get("handlers")).extracting(JsonNode::asText)
                    .containsExactly("plugin-hello", "plugin-second");
            assertThat(StreamSupport.stream(jars.spliterator(), false).map(j -> j.get("jar").asText()))
                    .doesNotContain("not-a-zip.jar", "notes.txt");
        }

        @Test
        void readinessStaysUpAndMentionsTheFailures() {
            HttpResponse<String> ready = gateway.get("/health/ready");

            assertThat(ready.statusCode()).isEqualTo(200);
            JsonNode plugins = TestGateway.json(ready).get("checks").get("plugins");
            assertThat(plugins.get("status").asText()).isEqualTo("up");
            assertThat(plugins.get("detail").asText()).contains("9 plugin load failure(s)").contains("not-a-zip.jar");
        }

        private JsonNode failureOf(String jar) {
            JsonNode failures = TestGateway.json(gateway.get("/v1/plugins")).get("failures");
            return StreamSupport.stream(failures.spliterator(), false)
                    .filter(f -> f.get("jar").asText().equals(jar)).findFirst().orElseThrow();
        }
    }

    static String step(String handler) {
        return "{\"step_definition\":{\"handler\":{\"callable\":\"" + handler + "\"}}}";
    }
}
