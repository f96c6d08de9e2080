package dev.tasker.gateway.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The class loader's use count: closed only when retired and nothing runs on it. */
class PluginClassLoaderTest {

    private final PluginClassLoader loader = newLoader();

    @Test
    void retiringAnIdleLoaderClosesItAtOnce() {
        loader.retire();

        assertThat(loader.isClosed()).isTrue();
        assertThat(loader.tryAcquire()).as("a use after closing is refused").isFalse();
    }

    @Test
    void aRetiredLoaderClosesWhenItsLastUseEnds() {
        assertThat(loader.tryAcquire()).isTrue();
        assertThat(loader.tryAcquire()).isTrue();

        loader.retire();
        assertThat(loader.isClosed()).isFalse();
        assertThat(loader.tryAcquire()).as("a retired loader still open accepts uses").isTrue();
        loader.release();
        loader.release();
        assertThat(loader.isClosed()).isFalse();
        loader.release();

        assertThat(loader.isClosed()).isTrue();
        assertThat(loader.inUse()).isZero();
    }

    @Test
    void anActiveLoaderStaysOpenWhenUsesEnd() {
        assertThat(loader.tryAcquire()).isTrue();
        loader.release();

        assertThat(loader.isClosed()).isFalse();
    }

    private static PluginClassLoader newLoader() {
        try {
            URL jar = Files.createTempFile("empty", ".jar").toUri().toURL();
            return new PluginClassLoader("empty.jar", jar, PluginClassLoaderTest.class.getClassLoader());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
