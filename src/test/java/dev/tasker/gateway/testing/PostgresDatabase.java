package dev.tasker.gateway.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh PostgreSQL database with a random name on the local server (127.0.0.1:5432, user postgres, trust
 * auth), dropped on close, so concurrent test runs never share one. Fails with a clear message when the
 * server does not answer.
 */
public final class PostgresDatabase implements AutoCloseable {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String ADMIN = SERVER + "test?user=postgres";

    private final String name;

    private PostgresDatabase(String name) {
        this.name = name;
    }

    public static PostgresDatabase create() {
        String name = "gw_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection connection = DriverManager.getConnection(ADMIN);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL must answer on 127.0.0.1:5432 (user postgres, database test) "
                    + "for this test; .ci/run starts it. Cause: " + e.getMessage(), e);
        }
        return new PostgresDatabase(name);
    }

    public String jdbcUrl() {
        return SERVER + name + "?user=postgres";
    }

    @Override
    public void close() {
        try (Connection connection = DriverManager.getConnection(ADMIN);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test database " + name + ": " + e.getMessage(), e);
        }
    }
}
