package dev.tasker.gateway.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tasker.gateway.examples.EchoHandler;
import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.registry.ActiveRegistry;
import dev.tasker.gateway.registry.HandlerRegistry;
import dev.tasker.gateway.testing.PluginJarBuilder;
import dev.tasker.gateway.testing.PluginSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The manager without a server: snapshots, copies, and other service types from the same jars. */
class PluginManagerTest {

    private Path plugins;
    private Path copies;
    private ActiveRegistry active;
    private PluginManager manager;

    @BeforeEach
    void manager() throws Exception {
        Path home = Files.createTempDirectory("plugin-manager");
        plugins = home.resolve("plugins");
        copies = home.resolve("data/plugins");
        active = new ActiveRegistry(new HandlerRegistry());
        manager = new PluginManager(new PluginRepository(plugins),
                new PluginLoader(new JarStaging(copies), StepHandler.class.getClassLoader(), Clock.systemUTC()),
                List.of(new EchoHandler()), active, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void aContributionLoadsAnotherServiceTypeFromTheSameJarAndItsFailuresAreReported() {
        PluginJarBuilder.create()
                .source("plugin.both.Hello", PluginSources.handler("plugin.both.Hello", "hello", "1.0.0"))
                .source("plugin.both.Task", PluginSources.notAHandler("plugin.both.Task"))
                .service(StepHandler.class, "plugin.both.Hello")
                .service(Runnable.class, "plugin.both.Task")
                .service(Runnable.class, "plugin.both.Missing")
                .writeTo(plugins.resolve("both.jar"));
        List<Runnable> loaded = new ArrayList<>();
        manager.addContribution(jars -> {
            List<PluginFailure> failures = new ArrayList<>();
            for (LoadedJar jar : jars) {
                ServiceScan<Runnable> scan = jar.services(Runnable.class);
                loaded.addAll(scan.instances());
                failures.addAll(scan.failures());
            }
            return failures;
        });

        ReloadReport report = manager.reload();

        assertThat(loaded).extracting(r -> r.getClass().getName()).containsExactly("plugin.both.Task");
        assertThat(loaded.get(0).getClass().getClassLoader())
                .isSameAs(active.current().resolve("hello").orElseThrow().handler().getClass().getClassLoader());
        assertThat(report.failed()).extracting(PluginFailure::className, PluginFailure::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("plugin.both.Missing",
                        PluginFailure.KIND_CLASS_NOT_FOUND));
        assertThat(manager.snapshot().failures()).isEqualTo(report.failed());
    }

    @Test
    void theCopyOfARemovedJarIsDeletedOnceItsClassLoaderClosed() throws Exception {
        Path jar = PluginJarBuilder.create()
                .source("plugin.gone.Gone", PluginSources.handler("plugin.gone.Gone", "gone", "1.0.0"))
                .service(StepHandler.class, "plugin.gone.Gone")
                .writeTo(plugins.resolve("gone.jar"));
        String sha256 = JarStaging.sha256(Files.readAllBytes(jar));
        manager.reload();
        assertThat(copies.resolve(sha256 + ".jar")).exists();

        Files.delete(jar);
        ReloadReport report = manager.reload();

        assertThat(report.removed()).extracting(HandlerChange::name).containsExactly("gone");
        assertThat(copies.resolve(sha256 + ".jar")).doesNotExist();
    }

    @Test
    void filesInTheCopiesFolderThatAreNotCopiesAreLeftAlone() throws Exception {
        Path foreign = Files.createDirectories(copies).resolve("operator-notes.jar");
        Files.writeString(foreign, "not ours");

        manager.reload();

        assertThat(foreign).exists();
    }

    @Test
    void hiddenJarsAreSkippedAsCopiesInProgress() {
        PluginJarBuilder.writeNotAZip(plugins.resolve(".half-copied.jar"));

        ReloadReport report = manager.reload();

        assertThat(report.failed()).isEmpty();
        assertThat(manager.snapshot().plugins()).isEmpty();
        assertThat(active.current().isRegistered("echo")).isTrue();
    }

    @Test
    void closingSwapsTheBuiltinsBackInAndClosesEveryJar() {
        PluginJarBuilder.create()
                .source("plugin.one.One", PluginSources.handler("plugin.one.One", "one", "1.0.0"))
                .service(StepHandler.class, "plugin.one.One")
                .writeTo(plugins.resolve("one.jar"));
        manager.reload();
        PluginClassLoader loader = (PluginClassLoader) active.current().resolve("one").orElseThrow()
                .handler().getClass().getClassLoader();

        manager.close();

        assertThat(active.current().isRegistered("one")).isFalse();
        assertThat(active.current().isRegistered("echo")).isTrue();
        assertThat(loader.isClosed()).isTrue();
    }
}
