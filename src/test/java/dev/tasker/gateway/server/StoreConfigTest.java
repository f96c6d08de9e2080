package dev.tasker.gateway.server;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tasker.gateway.testing.TestGateway;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreConfigTest {

    @Test
    void unsupportedDatabaseStopsStartUpNamingTheSetting() {
        assertThatThrownBy(() -> TestGateway.start(Map.of("db_url", "jdbc:mysql://127.0.0.1/x")))
                .hasMessageContaining("db_url must be a jdbc:h2: or jdbc:postgresql: URL")
                .hasMessageContaining("GATEWAY_DB_URL");
    }

    @Test
    void unreachableDatabaseStopsStartUpWithoutShowingThePassword() {
        assertThatThrownBy(() -> TestGateway.start(Map.of("db_url",
                "jdbc:postgresql://127.0.0.1:1/tasker?user=gateway&password=hunter2")))
                .hasMessageContaining("cannot connect to the store jdbc:postgresql://127.0.0.1:1/tasker")
                .hasMessageNotContaining("hunter2");
    }
}
