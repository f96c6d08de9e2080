package dev.tasker.gateway.server;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers for setting values. Each throws {@link IllegalArgumentException} saying what was expected. */
public final class Values {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kib|mib|gib|kb|mb|gb)?", Pattern.CASE_INSENSITIVE);

    private Values() {
    }

    /** {@code 250ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 1d}, or ISO-8601 ({@code PT30S}). */
    public static Duration duration(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(s);
        Duration duration;
        if (m.matches()) {
            try {
                long n = Long.parseLong(m.group(1));
                duration = switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            } catch (ArithmeticException | NumberFormatException e) {
                throw tooLarge(text);
            }
        } else {
            try {
                duration = Duration.parse(text.trim().toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("expected a duration such as 500ms, 30s, 2m or 1h, got '" + text
                        + "'");
            }
        }
        try {
            duration.toMillis(); // every user of a duration counts in milliseconds
        } catch (ArithmeticException e) {
            throw tooLarge(text);
        }
        return duration;
    }

    private static IllegalArgumentException tooLarge(String text) {
        return new IllegalArgumentException("value too large, got '" + text + "'");
    }

    public static Duration positiveDuration(String text) {
        Duration d = duration(text);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("expected a positive duration, got '" + text + "'");
        }
        return d;
    }

    public static Duration nonNegativeDuration(String text) {
        Duration d = duration(text);
        if (d.isNegative()) {
            throw new IllegalArgumentException("expected a duration of zero or more, got '" + text + "'");
        }
        return d;
    }

    /** Comma-separated absolute paths, each exact or ending in {@code /*}: {@code /health,/docs/*}. */
    public static List<String> pathPatterns(String text) {
        List<String> patterns = list(text);
        for (String pattern : patterns) {
            if (!pattern.matches("/[A-Za-z0-9._~/-]*(/\\*)?") || pattern.contains("..") || pattern.contains("//")) {
                throw new IllegalArgumentException("expected absolute paths such as /health or /docs/*, got '"
                        + pattern + "'");
            }
        }
        return patterns;
    }

    /** A byte size: {@code 10485760}, {@code 10MiB}, {@code 512KiB}. */
    public static long byteSize(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a size such as 10MiB or 1048576, got '" + text + "'");
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw tooLarge(text);
        }
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        long factor = switch (unit) {
            case "kib", "kb" -> 1024L;
            case "mib", "mb" -> 1024L * 1024;
            case "gib", "gb" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        if (n <= 0) {
            throw new IllegalArgumentException("expected a positive size, got '" + text + "'");
        }
        try {
            return Math.multiplyExact(n, factor);
        } catch (ArithmeticException e) {
            throw tooLarge(text);
        }
    }

    public static int port(String text) {
        int port = integer(text);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("expected a port between 0 and 65535, got '" + text + "'");
        }
        return port;
    }

    public static int integer(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected an integer, got '" + text + "'");
        }
    }

    public static int positiveInt(String text) {
        int n = integer(text);
        if (n < 1) {
            throw new IllegalArgumentException("expected an integer of at least 1, got '" + text + "'");
        }
        return n;
    }

    public static boolean bool(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException("expected true or false, got '" + text + "'");
        };
    }

    public static String host(String text) {
        String s = text.trim();
        if (s.isEmpty() || !s.matches("[A-Za-z0-9.:\\-\\[\\]%]+")) {
            throw new IllegalArgumentException("expected a host name or IP address, got '" + text + "'");
        }
        return s;
    }

    /** A comma-separated list; blanks dropped. */
    public static List<String> list(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public static String oneOf(String text, String... allowed) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(s)) {
                return a;
            }
        }
        throw new IllegalArgumentException("expected one of " + String.join(", ", allowed) + ", got '" + text + "'");
    }

    /** An absolute {@code http} or {@code https} URL. */
    public static java.net.URI httpUrl(String text) {
        try {
            java.net.URI uri = new java.net.URI(text.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (java.net.URISyntaxException e) {
            // refused below
        }
        throw new IllegalArgumentException("expected an http or https URL, got '" + text + "'");
    }
}
