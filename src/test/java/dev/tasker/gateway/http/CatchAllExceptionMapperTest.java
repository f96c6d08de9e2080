package dev.tasker.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The last-resort mapper, called directly (no route of the gateway reaches it on purpose). */
class CatchAllExceptionMapperTest {

    @Test
    void anUnexpectedErrorIsA500ProblemWithoutDetailsOfTheCause() {
        Response response = new CatchAllExceptionMapper().toResponse(new IllegalStateException("secret=hunter2"));

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getMediaType()).isEqualTo(Problem.MEDIA);
        Problem problem = (Problem) response.getEntity();
        assertThat(problem.errorCode()).isEqualTo("INTERNAL_ERROR");
        assertThat(problem.detail()).doesNotContain("hunter2", "IllegalStateException");
    }

    @Test
    void aProblemWrappedInsideAnotherExceptionKeepsItsOwnAnswer() {
        Response response = new CatchAllExceptionMapper().toResponse(
                new RuntimeException(new IllegalStateException(BodyLimitFilter.tooLarge(10))));

        assertThat(response.getStatus()).isEqualTo(413);
    }

    @Test
    void aCauseCycleEndsInA500InsteadOfLoopingForever() throws Exception {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);

        Response response = CompletableFuture.supplyAsync(() -> new CatchAllExceptionMapper().toResponse(a))
                .get(10, TimeUnit.SECONDS);

        assertThat(response.getStatus()).isEqualTo(500);
    }
}
