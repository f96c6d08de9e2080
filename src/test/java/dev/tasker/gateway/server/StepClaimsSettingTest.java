package dev.tasker.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tasker.gateway.store.Database;
import dev.tasker.gateway.testing.PostgresDatabase;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** {@code step_claims=auto} claims attempts exactly when other processes can use the store. */
class StepClaimsSettingTest {

    @Test
    void autoIsOffOnAnEmbeddedH2FileAndOnOnPostgresql() throws Exception {
        try (Database h2 = Database.open(Database.embeddedUrl(Files.createTempDirectory("claims")), 2);
             PostgresDatabase postgres = PostgresDatabase.create();
             Database pg = Database.open(postgres.jdbcUrl(), 2)) {
            assertThat(EventsModule.claimsAttempts("auto", h2)).isFalse();
            assertThat(EventsModule.claimsAttempts("auto", pg)).isTrue();
            assertThat(EventsModule.claimsAttempts("on", h2)).isTrue();
            assertThat(EventsModule.claimsAttempts("off", pg)).isFalse();
        }
    }
}
