package dev.tasker.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A gateway whose start-up fails leaves nothing running behind it. */
class FailedStartTest {

    @Test
    void aComponentThatFailsToStartClosesTheStoreOpenedBeforeIt() throws Exception {
        Path home = Files.createTempDirectory("failed-start");
        Set<Thread> writersBefore = storeWriters();
        // the plugins folder may not be the folder where loaded jars are copied: plugin start-up refuses it
        GatewayConfig config = GatewayConfig.of(Map.of("host", "127.0.0.1", "port", "0",
                "data_dir", home.resolve("data").toString(),
                "plugins_dir", home.resolve("data").resolve("plugins").toString()));

        assertThatThrownBy(() -> GatewayServer.start(config, List.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("GATEWAY_PLUGINS_DIR");

        Set<Thread> left = storeWriters();
        left.removeAll(writersBefore);
        assertThat(left).as("group commit writers (and their store) left running").isEmpty();
    }

    private static Set<Thread> storeWriters() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("store-group-commit") && thread.isAlive())
                .collect(Collectors.toSet());
    }
}
