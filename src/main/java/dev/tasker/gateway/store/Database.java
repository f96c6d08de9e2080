package dev.tasker.gateway.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's connection pool, its dialect and its schema. {@link #open} connects, migrates the schema to
 * the current version and returns a ready database; {@link #close} closes the pool. Thread-safe.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final Dialect dialect;
    private final String description;

    private Database(HikariDataSource dataSource, Dialect dialect, String description) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.description = description;
    }

    /**
     * The JDBC URL of the default embedded store: an H2 file under the data folder. {@code WRITE_DELAY=0}
     * makes every commit reach the file at once, so a killed process keeps what it committed;
     * {@code DB_CLOSE_ON_EXIT=FALSE} leaves closing to the gateway's own orderly shutdown.
     */
    public static String embeddedUrl(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("gateway") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    }

    /**
     * Connects and migrates.
     *
     * @throws StoreException when the URL is not H2 or PostgreSQL, the database does not answer or the
     *                        schema cannot be migrated; the message never contains the URL's password
     */
    public static Database open(String jdbcUrl, int poolSize) {
        Dialect dialect = Dialect.ofUrl(jdbcUrl).orElseThrow(() -> new StoreException(
                "db_url must be a jdbc:h2: or jdbc:postgresql: URL", null));
        String url = dialect == Dialect.H2 ? durableH2(jdbcUrl) : jdbcUrl;
        String description = redacted(url);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(1);
        config.setPoolName("gateway-store");
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(10_000);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("cannot connect to the store " + description + ": " + rootMessage(e), e);
        }
        Database database = new Database(dataSource, dialect, description);
        try {
            new SchemaMigrations(dialect).migrate(dataSource);
        } catch (SQLException | RuntimeException e) {
            database.close();
            throw new StoreException("cannot migrate the store schema at " + description + ": " + rootMessage(e), e);
        }
        LOG.info("event store: {} ({})", description, dialect);
        return database;
    }

    /**
     * An H2 URL with {@code WRITE_DELAY=0} unless it sets a write delay itself: H2's default (500 ms) would
     * let a killed process lose steps that were already answered, which the outbox promises never happens.
     */
    static String durableH2(String jdbcUrl) {
        return jdbcUrl.toUpperCase(Locale.ROOT).contains(";WRITE_DELAY=") ? jdbcUrl : jdbcUrl + ";WRITE_DELAY=0";
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Dialect dialect() {
        return dialect;
    }

    /**
     * Whether this instance is the store's only user: an embedded H2 database (not a server URL, not
     * {@code AUTO_SERVER}), whose file lock keeps other processes out.
     */
    public boolean exclusive() {
        String url = dataSource.getJdbcUrl().toLowerCase(java.util.Locale.ROOT);
        return dialect == Dialect.H2 && !url.startsWith("jdbc:h2:tcp:") && !url.startsWith("jdbc:h2:ssl:")
                && !url.contains("auto_server=true");
    }

    /** The URL without credentials, for logs and health answers. */
    public String description() {
        return description;
    }

    /** A connection from the pool; the caller closes it. */
    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /**
     * Runs one statement in its own transaction; returns the update count.
     *
     * @throws StoreException when it fails
     */
    public int update(String sql, Object... args) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("store update failed: " + e.getMessage(), e);
        }
    }

    /** Whether the database answers a trivial query now. */
    public boolean reachable() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    static String redacted(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//[^/@]*@", "//***@");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return redacted(String.valueOf(root.getMessage()));
    }
}
