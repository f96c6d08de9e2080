package dev.tasker.gateway.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.gateway.http.Problem;
import dev.tasker.gateway.http.RequestIdFilter;
import java.net.URISyntaxException;
import java.util.List;
import org.glassfish.grizzly.http.server.ErrorPageGenerator;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the errors Grizzly raises before a request reaches Jersey (a request URI that is not a URI, for
 * one) with {@code application/problem+json} instead of Grizzly's HTML page, which also names its version.
 * A malformed request URI is the client's fault: 400, not 500.
 */
final class ProblemErrorPageGenerator implements ErrorPageGenerator {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemErrorPageGenerator.class);

    private final ObjectMapper mapper;

    ProblemErrorPageGenerator(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public String generate(Request request, int status, String reasonPhrase, String description, Throwable exception) {
        Response response = request.getResponse();
        String requestId = RequestIdFilter.idFor(request.getHeader(RequestIdFilter.HEADER));
        boolean malformedUri = status == 500 && causedByMalformedUri(exception);
        int answered = malformedUri ? 400 : status;
        String detail;
        if (malformedUri) {
            response.setStatus(400, "Bad Request");
            detail = "the request URI is not a valid URI (check its percent-encoding)";
        } else if (status >= 500) {
            LOG.error("request {} failed before reaching the application", requestId, exception);
            detail = "the gateway failed to answer; quote request id " + requestId + " when reporting it";
        } else {
            detail = reasonPhrase == null ? "HTTP " + status : reasonPhrase;
        }
        response.setContentType(Problem.MEDIA_TYPE);
        response.setHeader(RequestIdFilter.HEADER, requestId);
        Problem problem = new Problem("about:blank", reasonPhrase == null || malformedUri ? "Bad Request" : reasonPhrase,
                answered, detail, null, requestId, malformedUri ? "validation_error" : null,
                malformedUri ? "MALFORMED_URI" : null, answered == 503, List.of());
        try {
            return mapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem must serialize", e);
        }
    }

    private static boolean causedByMalformedUri(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof URISyntaxException
                    || (t instanceof IllegalArgumentException && String.valueOf(t.getMessage()).contains("URI"))) {
                return true;
            }
        }
        return false;
    }
}
