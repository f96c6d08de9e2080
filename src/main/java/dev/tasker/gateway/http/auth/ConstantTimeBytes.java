package dev.tasker.gateway.http.auth;

/**
 * Compares byte sequences without an early exit: every byte of both is read whatever the first
 * difference, so the time taken says nothing about where two secrets differ. Only the length, which is
 * public (callers compare fixed-length digests), ends the comparison early.
 */
final class ConstantTimeBytes {

    /** Read access to bytes, so a test can see which positions a comparison reads. */
    interface Sequence {
        int length();

        byte at(int index);
    }

    private ConstantTimeBytes() {
    }

    static boolean equal(byte[] a, byte[] b) {
        return equal(of(a), of(b));
    }

    static boolean equal(Sequence a, Sequence b) {
        if (a.length() != b.length()) {
            return false;
        }
        int difference = 0;
        for (int i = 0; i < a.length(); i++) {
            difference |= a.at(i) ^ b.at(i);
        }
        return difference == 0;
    }

    static Sequence of(byte[] bytes) {
        return new Sequence() {
            @Override
            public int length() {
                return bytes.length;
            }

            @Override
            public byte at(int index) {
                return bytes[index];
            }
        };
    }
}
