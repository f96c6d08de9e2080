package dev.tasker.gateway.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.gateway.http.Problem;
import dev.tasker.gateway.http.RequestIdFilter;
import java.util.List;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpPacketParsing;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.Protocol;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.util.Header;
import org.glassfish.grizzly.http.util.HttpStatus;
import org.glassfish.grizzly.http.util.MimeHeaders;
import org.glassfish.grizzly.memory.Buffers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits the request head and answers the requests Grizzly's HTTP parser refuses (before Jersey sees them)
 * with {@code application/problem+json} instead of a bare 400 with no body: 414 {@code REQUEST_LINE_TOO_LONG}
 * for a request line over {@link #MAX_REQUEST_LINE_BYTES}, 431 {@code HEADERS_TOO_LARGE} (RFC 6585) for a
 * head over {@link #MAX_HEAD_BYTES} or more than {@link #MAX_HEADERS} header fields, 400
 * {@code MALFORMED_REQUEST} for any other head the parser cannot read (no {@code Host} on HTTP/1.1, a broken
 * chunked body). The connection is closed after such an answer, as the rest of the request cannot be
 * framed. It replaces Grizzly's codec filter by a subclass configured as the listener configured the
 * original; Grizzly keeps the parsing, this class only adds the limits and writes the answers.
 */
final class RequestHeadLimitsAddOn implements AddOn {

    /**
     * The request line ({@code METHOD target HTTP/1.1}). The gateway's longest targets (a handler name, a
     * step UUID, a webhook endpoint with {@code ?since=}) are a few hundred bytes; 8 KiB is the line nginx
     * accepts by default and what RFC 9112 asks a server to support at least.
     */
    static final int MAX_REQUEST_LINE_BYTES = 8 * 1024;
    /**
     * The whole head: request line plus header fields. 16 KiB leaves room for a large bearer token and the
     * forwarding headers of a proxy or two, where Grizzly's and Tomcat's 8 KiB default can refuse them.
     */
    static final int MAX_HEAD_BYTES = 16 * 1024;
    /** Header fields a request may carry (Grizzly's default). */
    static final int MAX_HEADERS = 100;

    private static final Logger LOG = LoggerFactory.getLogger(RequestHeadLimitsAddOn.class);

    private final ObjectMapper mapper;

    RequestHeadLimitsAddOn(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int index = builder.indexOfType(HttpServerFilter.class);
        HttpServerFilter original = (HttpServerFilter) builder.get(index);
        @SuppressWarnings("deprecation") // the constructor Grizzly's own HttpServer uses
        ProblemHttpServerFilter replacement = new ProblemHttpServerFilter(listener, mapper);
        for (var encoding : original.getContentEncodings()) {
            replacement.addContentEncoding(encoding);
        }
        replacement.setAllowPayloadForUndefinedHttpMethods(original.isAllowPayloadForUndefinedHttpMethods());
        replacement.setMaxPayloadRemainderToSkip(original.getMaxPayloadRemainderToSkip());
        replacement.getMonitoringConfig().addProbes(original.getMonitoringConfig().getProbes());
        builder.set(index, replacement);
    }

    /** What the parser refused, as the problem it is answered with. */
    private enum Refusal {
        REQUEST_LINE_TOO_LONG(HttpStatus.REQUEST_URI_TOO_LONG_414, "URI Too Long",
                "the request line is longer than the limit of " + MAX_REQUEST_LINE_BYTES + " bytes"),
        HEADERS_TOO_LARGE(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Request Header Fields Too Large",
                "the request head is larger than the limit of " + MAX_HEAD_BYTES + " bytes or has more than "
                        + MAX_HEADERS + " header fields"),
        MALFORMED_REQUEST(HttpStatus.BAD_REQUEST_400, "Bad Request",
                "the request head is not valid HTTP/1.1 (a missing Host header, a broken request line, header"
                        + " or chunked body)");

        private final HttpStatus status;
        private final String title;
        private final String detail;

        Refusal(HttpStatus status, String title, String detail) {
            this.status = status;
            this.title = title;
            this.detail = detail;
        }

        static Refusal answeredWith(int status) {
            for (Refusal refusal : values()) {
                if (refusal.status.getStatusCode() == status) {
                    return refusal;
                }
            }
            return MALFORMED_REQUEST;
        }
    }

    /** Thrown while parsing when the request line fits the head but not {@link #MAX_REQUEST_LINE_BYTES}. */
    private static final class RequestLineTooLongException extends IllegalStateException {
        RequestLineTooLongException() {
            super("request line over " + MAX_REQUEST_LINE_BYTES + " bytes");
        }
    }

    private static final class ProblemHttpServerFilter extends HttpServerFilter {

        private final ObjectMapper mapper;

        @SuppressWarnings("deprecation")
        ProblemHttpServerFilter(NetworkListener listener, ObjectMapper mapper) {
            super(listener.isChunkingEnabled(), MAX_HEAD_BYTES, null, listener.getKeepAlive(), null, MAX_HEADERS,
                    listener.getMaxResponseHeaders());
            this.mapper = mapper;
        }

        @Override
        protected void onHttpHeadersParsed(HttpHeader header, MimeHeaders headers, FilterChainContext ctx) {
            if (header instanceof HttpRequestPacket request && requestLineBytes(request) > MAX_REQUEST_LINE_BYTES) {
                throw new RequestLineTooLongException();
            }
            super.onHttpHeadersParsed(header, headers, ctx);
        }

        @Override
        protected void onHttpHeaderError(HttpHeader header, FilterChainContext ctx, Throwable cause)
                throws java.io.IOException {
            HttpRequestPacket request = (HttpRequestPacket) header;
            Refusal refusal = classify(request, cause);
            answerAsHttp11UnlessHttp10(request);
            HttpResponsePacket response = request.getResponse();
            refusal.status.setValues(response);
            // a head read whole may name the caller's id; one cut off by a limit is not trusted, not even in part
            boolean headReadWhole = refusal == Refusal.MALFORMED_REQUEST && parsingState(request) >= 2;
            String requestId = RequestIdFilter.idFor(headReadWhole ? request.getHeader(RequestIdFilter.HEADER) : null);
            response.setHeader(RequestIdFilter.HEADER, requestId);
            LOG.info("refused a request before reading it whole: {} {} (request_id {})", refusal.status.getStatusCode(),
                    refusal.name(), requestId);
            super.onHttpHeaderError(header, ctx, cause);
        }

        /** A body Grizzly cannot frame (a broken chunk size); the head was read whole, so a sane id is kept. */
        @Override
        protected void onHttpContentError(HttpHeader header, FilterChainContext ctx, Throwable cause)
                throws java.io.IOException {
            if (header instanceof HttpRequestPacket request && !request.getResponse().isCommitted()) {
                String requestId = RequestIdFilter.idFor(request.getHeader(RequestIdFilter.HEADER));
                request.getResponse().setHeader(RequestIdFilter.HEADER, requestId);
                LOG.info("refused a request whose body cannot be read: 400 MALFORMED_REQUEST (request_id {})",
                        requestId);
            }
            super.onHttpContentError(header, ctx, cause);
        }

        @Override
        protected HttpContent customizeErrorResponse(HttpResponsePacket response) {
            Refusal refusal = Refusal.answeredWith(response.getStatus());
            String requestId = response.getHeader(RequestIdFilter.HEADER);
            if (requestId == null) {
                requestId = RequestIdFilter.idFor(null);
                response.setHeader(RequestIdFilter.HEADER, requestId);
            }
            byte[] body = problemBody(refusal, instance(response.getRequest(), refusal), requestId);
            response.setContentType(Problem.MEDIA_TYPE);
            response.setContentLength(body.length);
            response.setHeader(Header.Connection, "close");
            return HttpContent.builder(response).content(Buffers.wrap(null, body)).last(true).build();
        }

        private byte[] problemBody(Refusal refusal, String instance, String requestId) {
            Problem problem = new Problem(Problem.typeFor(refusal.name()), refusal.title,
                    refusal.status.getStatusCode(), refusal.detail, instance, requestId, "validation_error",
                    refusal.name(), false, List.of());
            try {
                return mapper.writeValueAsBytes(problem);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a problem must serialize", e);
            }
        }

        private static Refusal classify(HttpRequestPacket request, Throwable cause) {
            if (cause instanceof RequestLineTooLongException) {
                return Refusal.REQUEST_LINE_TOO_LONG;
            }
            boolean overflow = cause instanceof MimeHeaders.MaxHeaderCountExceededException
                    || String.valueOf(cause.getMessage()).contains("too large");
            if (!overflow) {
                return Refusal.MALFORMED_REQUEST;
            }
            // the head overflowed: while still in the request line, or in headers after a line over its own limit
            if (parsingState(request) == 0 || requestLineBytes(request) > MAX_REQUEST_LINE_BYTES) {
                return Refusal.REQUEST_LINE_TOO_LONG;
            }
            return Refusal.HEADERS_TOO_LARGE;
        }

        /**
         * A head cut off in its request line has no protocol yet, which Grizzly takes for HTTP/0.9 and answers
         * without headers; a protocol it does not know makes it throw while writing the answer.
         */
        private static void answerAsHttp11UnlessHttp10(HttpRequestPacket request) {
            Protocol protocol;
            try {
                protocol = request.getProtocol();
            } catch (IllegalStateException unknown) {
                protocol = null;
            }
            if (protocol != Protocol.HTTP_1_0) {
                request.setProtocol(Protocol.HTTP_1_1);
            }
        }

        /** The request path, when the request line was read and is not itself what was refused. */
        private static String instance(HttpRequestPacket request, Refusal refusal) {
            if (request == null || refusal == Refusal.REQUEST_LINE_TOO_LONG || parsingState(request) < 1) {
                return null;
            }
            String path = request.getRequestURI();
            return path == null || path.isEmpty() ? null : path;
        }

        /** 0 while the request line is read, 1 while header fields are, 2 once the head is read whole. */
        private static int parsingState(HttpRequestPacket request) {
            return request instanceof HttpPacketParsing parsing ? parsing.getHeaderParsingState().state : 0;
        }

        private static int requestLineBytes(HttpRequestPacket request) {
            int target = request.getRequestURIRef().getOriginalRequestURIBC().getLength();
            int query = request.getQueryStringDC().getLength();
            return request.getMethodDC().getLength() + 1 + target + (query > 0 ? 1 + query : 0) + 1
                    + request.getProtocolDC().getLength();
        }
    }
}
