package dev.tasker.gateway.model;

import java.security.SecureRandom;
import java.util.UUID;

/** UUID version 7 (time-ordered, RFC 9562) for generated step, task and event ids. Thread-safe. */
public final class Uuids {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Uuids() {
    }

    /** A new UUID v7 from the current time in milliseconds and 74 random bits. */
    public static UUID v7() {
        long millis = System.currentTimeMillis();
        long randA = RANDOM.nextInt(1 << 12);
        long msb = (millis << 16) | (0x7L << 12) | randA;
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
