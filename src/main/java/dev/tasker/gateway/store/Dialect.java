package dev.tasker.gateway.store;

import java.util.Optional;

/** The two databases the store runs on. The schema and almost every statement are shared. */
public enum Dialect {
    /** Embedded H2 (file): one gateway instance. */
    H2,
    /** PostgreSQL: several instances share one store; claims use {@code FOR UPDATE SKIP LOCKED}. */
    POSTGRESQL;

    /** The dialect of a JDBC URL, empty when the store does not support it. */
    public static Optional<Dialect> ofUrl(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return Optional.of(H2);
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return Optional.of(POSTGRESQL);
        }
        return Optional.empty();
    }
}
