package dev.tasker.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tasker.gateway.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** What tests of the store read from it directly: a count, and waiting for a condition on its rows. */
public final class StoreRows {

    private StoreRows() {
    }

    /** The single number a {@code SELECT COUNT(*) ...} answers. */
    public static int count(Database database, String sql) {
        try (Connection connection = database.connection(); PreparedStatement query = connection.prepareStatement(sql);
             ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until {@code condition} holds, failing the test after {@code atMost}. */
    public static void await(Duration atMost, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(atMost);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waited %s", atMost).isBefore(deadline);
            Thread.sleep(10);
        }
    }
}
