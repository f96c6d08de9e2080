package dev.tasker.gateway.execution;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A canonical JSON text of a tree, and its SHA-256: object members sorted by name (UTF-16 code units, as
 * RFC 8785), no whitespace, strings escaped by Jackson, and numbers written by value, so that {@code 1},
 * {@code 1.0} and {@code 1e0} are one number. Two trees that mean the same JSON value hash the same whatever
 * order their keys came in. Thread-safe (stateless).
 */
public final class CanonicalJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private CanonicalJson() {
    }

    /** SHA-256 of the canonical text of {@code node} (a Java null or a JSON null hash the same). */
    public static byte[] sha256(JsonNode node) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
        write(node, new DigestOutputStream(OutputStream.nullOutputStream(), digest));
        return digest.digest();
    }

    /** The canonical text itself (for tests and for reading what is hashed). */
    public static String text(JsonNode node) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        write(node, out);
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void write(JsonNode node, OutputStream out) {
        try (JsonGenerator generator = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            write(node, generator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(JsonNode node, JsonGenerator out) throws IOException {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.writeNull();
        } else if (node.isObject()) {
            List<String> names = new ArrayList<>(node.size());
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            out.writeStartObject();
            for (String name : names) {
                out.writeFieldName(name);
                write(node.get(name), out);
            }
            out.writeEndObject();
        } else if (node.isArray()) {
            out.writeStartArray();
            for (Iterator<JsonNode> elements = node.elements(); elements.hasNext(); ) {
                write(elements.next(), out);
            }
            out.writeEndArray();
        } else if (node.isNumber()) {
            out.writeRawValue(number(node));
        } else if (node.isBoolean()) {
            out.writeBoolean(node.booleanValue());
        } else if (node.isBinary()) {
            out.writeBinary(node.binaryValue());
        } else {
            out.writeString(node.asText());
        }
    }

    /** The number by value: an integer's digits, else the shortest decimal without trailing zeros. */
    private static String number(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
            return Double.toString(node.doubleValue());
        }
        BigDecimal value = node.decimalValue().stripTrailingZeros();
        if (value.signum() == 0) {
            return "0";
        }
        // scale <= 0 is an integer; keep its exponent form so that 1e999999 stays a short text
        return value.scale() <= 0 && value.precision() - value.scale() <= 400
                ? value.toBigIntegerExact().toString() : value.toString();
    }
}
