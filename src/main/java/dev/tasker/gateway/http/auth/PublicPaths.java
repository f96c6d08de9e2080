package dev.tasker.gateway.http.auth;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Paths served without an API key: exact ({@code /metrics}) or a prefix ({@code /docs/*} matches
 * everything below {@code /docs/}). A path with dot segments or encoded characters is never public, so
 * {@code /health/../v1/plugins/reload} cannot slip through.
 */
public final class PublicPaths {

    private static final Pattern PLAIN = Pattern.compile("/[A-Za-z0-9._~/-]*");

    private final List<String> patterns;

    public PublicPaths(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    /** @param rawPath the request's path as sent (not decoded) */
    public boolean matches(String rawPath) {
        if (!PLAIN.matcher(rawPath).matches() || rawPath.contains("//") || hasDotSegment(rawPath)) {
            return false;
        }
        String path = normalize(rawPath);
        for (String pattern : patterns) {
            if (pattern.endsWith("/*") ? path.startsWith(pattern.substring(0, pattern.length() - 1))
                    : path.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    /** Without a trailing slash (except for the root). */
    static String normalize(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static boolean hasDotSegment(String path) {
        for (String segment : path.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }
}
