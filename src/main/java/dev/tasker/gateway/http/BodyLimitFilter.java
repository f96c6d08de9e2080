package dev.tasker.gateway.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * Refuses request bodies over the limit with 413: at once when {@code Content-Length} says so, otherwise
 * (chunked bodies) as soon as reading passes the limit.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 400)
public final class BodyLimitFilter implements ContainerRequestFilter {

    private final long maxBytes;

    public BodyLimitFilter(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getLength() > maxBytes) {
            throw tooLarge(maxBytes);
        }
        request.setEntityStream(new LimitedInputStream(request.getEntityStream(), maxBytes));
    }

    static ProblemException tooLarge(long maxBytes) {
        return new ProblemException(413, "Request body too large",
                "the request body is larger than the limit of " + maxBytes + " bytes", "BODY_TOO_LARGE",
                "validation_error", false, List.of(), Map.of("Connection", "close"));
    }

    private static final class LimitedInputStream extends FilterInputStream {
        private final long max;
        private long count;

        LimitedInputStream(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(long n) {
            count += n;
            if (count > max) {
                throw tooLarge(max);
            }
        }
    }
}
