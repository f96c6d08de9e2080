package dev.tasker.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tasker.gateway.execution.StepClaim;
import dev.tasker.gateway.execution.StepFingerprint;
import dev.tasker.gateway.execution.StepKey;
import dev.tasker.gateway.model.Uuids;
import dev.tasker.gateway.testing.PostgresDatabase;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Leases on attempts in {@code step_claims}, on both dialects, as two instances sharing one store see them. */
class StepClaimsTest {

    private static final StepFingerprint FINGERPRINT = new StepFingerprint(Map.of("inputs", "abc"));
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    /** Two instances on one store, each with its own writer, as two gateway processes would be. */
    private record Pair(Database database, GroupCommitWriter writerA, JdbcStepClaims a, JdbcStepClaims b) {
    }

    private Pair pair(Dialect dialect) throws Exception {
        String url;
        if (dialect == Dialect.H2) {
            url = Database.embeddedUrl(Files.createTempDirectory("claims-test"));
        } else {
            PostgresDatabase postgres = PostgresDatabase.create();
            closing.add(postgres);
            url = postgres.jdbcUrl();
        }
        Database database = Database.open(url, 8);
        closing.add(database);
        GroupCommitWriter writerA = new GroupCommitWriter(database, Duration.ofSeconds(30), () -> { });
        GroupCommitWriter writerB = new GroupCommitWriter(database, Duration.ofSeconds(30), () -> { });
        closing.add(writerA);
        closing.add(writerB);
        return new Pair(database, writerA, new JdbcStepClaims(database, writerA, "A", Clock.systemUTC()),
                new JdbcStepClaims(database, writerB, "B", Clock.systemUTC()));
    }

    private static int claimRows(Database database) throws Exception {
        try (Connection connection = database.connection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM step_claims")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theFirstClaimantHoldsTheAttemptAndTheOtherSeesItsLeaseAndFingerprint(Dialect dialect) throws Exception {
        Pair pair = pair(dialect);
        StepKey key = new StepKey(Uuids.v7(), 0);
        Instant now = Instant.now();

        StepClaim first = pair.a().claim(key, FINGERPRINT, now, now.plusSeconds(45));
        StepClaim second = pair.b().claim(key, null, now, now.plusSeconds(45));

        assertThat(first.status()).isEqualTo(StepClaim.Status.TAKEN);
        assertThat(second.status()).isEqualTo(StepClaim.Status.HELD);
        assertThat(second.holder()).isEqualTo("A");
        assertThat(second.fingerprint()).isEqualTo(FINGERPRINT);
        assertThat(second.expiresAt().toEpochMilli()).isEqualTo(now.plusSeconds(45).toEpochMilli());
        assertThat(pair.b().holder(key)).hasValueSatisfying(held -> assertThat(held.holder()).isEqualTo("A"));
        assertThat(pair.b().claim(new StepKey(key.stepUuid(), 1), null, now, now.plusSeconds(45)).status())
                .as("the next attempt is another key").isEqualTo(StepClaim.Status.TAKEN);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void anExpiredClaimIsTakenOverAndTheHolderMayRenewItsOwn(Dialect dialect) throws Exception {
        Pair pair = pair(dialect);
        StepKey key = new StepKey(Uuids.v7(), 0);
        Instant now = Instant.now();
        pair.a().claim(key, FINGERPRINT, now.minusSeconds(60), now.minusSeconds(1));

        assertThat(pair.b().claim(key, null, now, now.plusSeconds(30)).status()).isEqualTo(StepClaim.Status.TAKEN);
        assertThat(pair.a().claim(key, FINGERPRINT, now, now.plusSeconds(30)).status())
                .as("A's lease ended; B holds it now").isEqualTo(StepClaim.Status.HELD);
        assertThat(pair.b().claim(key, null, now, now.plusSeconds(60)).status())
                .as("B renews its own").isEqualTo(StepClaim.Status.TAKEN);
        assertThat(pair.a().holder(key).orElseThrow().expiresAt().toEpochMilli())
                .isEqualTo(now.plusSeconds(60).toEpochMilli());
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theResultsCommitReleasesTheClaimAndALaterClaimFindsTheResultStored(Dialect dialect) throws Exception {
        Pair pair = pair(dialect);
        StepKey key = new StepKey(Uuids.v7(), 0);
        Instant now = Instant.now();
        pair.a().claim(key, FINGERPRINT, now, now.plusSeconds(30));

        pair.writerA().write(new StepCommit(key, "{\"success\":true}", FINGERPRINT.encoded(), now,
                now.plus(Duration.ofHours(1)), List.of(), true));

        assertThat(pair.b().holder(key)).isEmpty();
        assertThat(pair.b().claim(key, null, now, now.plusSeconds(30)).status()).isEqualTo(StepClaim.Status.STORED);
        assertThat(claimRows(pair.database())).as("a claim that found the result stored gives it up").isZero();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void releaseEndsOnlyTheInstancesOwnClaim(Dialect dialect) throws Exception {
        Pair pair = pair(dialect);
        StepKey key = new StepKey(Uuids.v7(), 0);
        Instant now = Instant.now();
        pair.a().claim(key, FINGERPRINT, now, now.plusSeconds(30));

        pair.b().release(key);
        assertThat(pair.b().holder(key)).isPresent();
        pair.a().release(key);
        assertThat(pair.b().holder(key)).isEmpty();
        assertThat(pair.b().claim(key, null, now, now.plusSeconds(30)).status()).isEqualTo(StepClaim.Status.TAKEN);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void purgeDeletesOnlyExpiredClaims(Dialect dialect) throws Exception {
        Pair pair = pair(dialect);
        Instant now = Instant.now();
        pair.a().claim(new StepKey(Uuids.v7(), 0), null, now.minusSeconds(60), now.minusSeconds(1));
        pair.a().claim(new StepKey(Uuids.v7(), 0), null, now, now.plusSeconds(60));

        assertThat(pair.a().purgeExpired()).isEqualTo(1);
        assertThat(claimRows(pair.database())).isEqualTo(1);
    }
}
