package dev.tasker.gateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and versions the store schema at start-up. Each migration runs once, in order, and is recorded in
 * {@code gateway_schema_version}. On PostgreSQL an advisory lock makes instances that start together
 * migrate one after the other. A schema newer than this build stops start-up.
 */
final class SchemaMigrations {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);
    private static final long ADVISORY_LOCK_KEY = 0x7461736b6572L; // "tasker"

    record Migration(int version, String description, List<String> statements) {
    }

    static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "step results, outbox events, webhook deliveries", List.of(
                    """
                    CREATE TABLE step_results (
                      step_uuid UUID NOT NULL,
                      attempts INTEGER NOT NULL,
                      result_json TEXT NOT NULL,
                      stored_at BIGINT NOT NULL,
                      expires_at BIGINT NOT NULL,
                      PRIMARY KEY (step_uuid, attempts))""",
                    "CREATE INDEX step_results_expiry ON step_results (expires_at)",
                    """
                    CREATE TABLE outbox_events (
                      event_id UUID PRIMARY KEY,
                      event_name VARCHAR(255) NOT NULL,
                      namespace VARCHAR(255),
                      step_uuid UUID NOT NULL,
                      body TEXT NOT NULL,
                      traceparent VARCHAR(255),
                      created_at BIGINT NOT NULL)""",
                    "CREATE INDEX outbox_events_created ON outbox_events (created_at)",
                    """
                    CREATE TABLE webhook_deliveries (
                      delivery_id UUID PRIMARY KEY,
                      event_id UUID NOT NULL,
                      endpoint VARCHAR(255) NOT NULL,
                      state VARCHAR(16) NOT NULL,
                      attempts INTEGER NOT NULL,
                      next_attempt_at BIGINT NOT NULL,
                      claimed_by VARCHAR(255),
                      claimed_until BIGINT,
                      last_status INTEGER,
                      last_error TEXT,
                      created_at BIGINT NOT NULL,
                      updated_at BIGINT NOT NULL,
                      delivered_at BIGINT,
                      UNIQUE (event_id, endpoint))""",
                    "CREATE INDEX webhook_deliveries_due ON webhook_deliveries (endpoint, state, next_attempt_at)",
                    """
                    CREATE TABLE delivery_attempts (
                      delivery_id UUID NOT NULL,
                      attempt_no INTEGER NOT NULL,
                      attempted_at BIGINT NOT NULL,
                      status_code INTEGER,
                      error TEXT,
                      duration_ms BIGINT NOT NULL,
                      worker_id VARCHAR(255),
                      PRIMARY KEY (delivery_id, attempt_no))""",
                    """
                    CREATE TABLE webhook_endpoint_state (
                      endpoint VARCHAR(255) PRIMARY KEY,
                      disabled_reason TEXT,
                      disabled_at BIGINT,
                      consecutive_failures INTEGER NOT NULL,
                      updated_at BIGINT NOT NULL)""")),
            // event names and namespaces come from steps and publishers, worker ids from the config: a value
            // over 255 characters failed every commit of its step (answered 503 again on each retry)
            new Migration(2, "event names, namespaces and worker ids of any length", List.of(
                    "ALTER TABLE outbox_events ALTER COLUMN event_name SET DATA TYPE VARCHAR",
                    "ALTER TABLE outbox_events ALTER COLUMN namespace SET DATA TYPE VARCHAR",
                    "ALTER TABLE webhook_deliveries ALTER COLUMN claimed_by SET DATA TYPE VARCHAR",
                    "ALTER TABLE delivery_attempts ALTER COLUMN worker_id SET DATA TYPE VARCHAR")),
            // what decided each result (StepFingerprint), so that a reused idempotency key is refused; rows
            // stored before have none and replay as they did
            new Migration(3, "step result fingerprints", List.of(
                    "ALTER TABLE step_results ADD COLUMN fingerprint VARCHAR")),
            // leases on attempts, so that instances sharing the store run an attempt once (JdbcStepClaims)
            new Migration(4, "step claims", List.of(
                    """
                    CREATE TABLE step_claims (
                      step_uuid UUID NOT NULL,
                      attempts INTEGER NOT NULL,
                      instance_id VARCHAR NOT NULL,
                      fingerprint VARCHAR,
                      claimed_at BIGINT NOT NULL,
                      expires_at BIGINT NOT NULL,
                      PRIMARY KEY (step_uuid, attempts))""",
                    "CREATE INDEX step_claims_expiry ON step_claims (expires_at)")),
            // each event's CloudEvents ce-source and ce-time, taken from the event when it is written, so that
            // an attempt sends them without parsing the body; events stored before have none (ce_source null)
            // and are read from their body when sent, as before
            new Migration(5, "cloud event attributes of outbox events", List.of(
                    // IF NOT EXISTS: H2 commits each DDL statement, so a start that died between them left one
                    "ALTER TABLE outbox_events ADD COLUMN IF NOT EXISTS ce_source VARCHAR",
                    "ALTER TABLE outbox_events ADD COLUMN IF NOT EXISTS ce_time VARCHAR")));

    private final Dialect dialect;

    SchemaMigrations(Dialect dialect) {
        this.dialect = dialect;
    }

    /** The version this build writes. */
    static int currentVersion() {
        return MIGRATIONS.get(MIGRATIONS.size() - 1).version();
    }

    void migrate(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                lock(connection);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE TABLE IF NOT EXISTS gateway_schema_version ("
                            + "version INTEGER PRIMARY KEY, description VARCHAR(255) NOT NULL, applied_at BIGINT NOT NULL)");
                }
                int installed = installedVersion(connection);
                if (installed > currentVersion()) {
                    throw new SQLException("the store schema is at version " + installed
                            + ", newer than this gateway's " + currentVersion());
                }
                for (Migration migration : MIGRATIONS) {
                    if (migration.version() > installed) {
                        apply(connection, migration);
                    }
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private void lock(Connection connection) throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(" + ADVISORY_LOCK_KEY + ")");
            }
        }
    }

    private static int installedVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT MAX(version) FROM gateway_schema_version")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static void apply(Connection connection, Migration migration) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : migration.statements()) {
                statement.execute(sql);
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO gateway_schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
            insert.setInt(1, migration.version());
            insert.setString(2, migration.description());
            insert.setLong(3, System.currentTimeMillis());
            insert.executeUpdate();
        }
        LOG.info("store schema migrated to version {}: {}", migration.version(), migration.description());
    }
}
