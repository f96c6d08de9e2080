package dev.tasker.gateway.http.auth;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.security.auth.x500.X500Principal;

/**
 * One entry of {@code client_certs}: a client certificate (already verified against {@code tls.client_ca_file}
 * by the TLS handshake) that is an identity with scopes, as an API key is.
 *
 * @param name    what logs show ({@code client_cert}); 1 to 64 letters, digits, {@code . _ -}
 * @param subject the certificate's subject DN as RFC 4514 writes it ({@code CN=orchestrator-1,O=Acme}),
 *                compared as an {@link X500Principal} (attribute order as written, case and spacing of values
 *                as X.500 canonical form ignores); or {@code san:<value>}: a DNS name (case-insensitive) or URI
 *                (exact) among its subject alternative names
 * @param scopes  what it may do; never empty
 */
public record ClientCert(String name, String subject, Set<ApiScope> scopes) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final String SAN = "san:";
    private static final int DNS_NAME = 2;
    private static final int URI = 6;

    public ClientCert {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(subject, "subject");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("client certificate name '" + name
                    + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        subject = subject.trim();
        if (subject.startsWith(SAN)) {
            if (subject.length() == SAN.length()) {
                throw new IllegalArgumentException("the subject of '" + name + "' is san: without a value");
            }
        } else {
            principal(name, subject);
        }
        if (scopes == null || scopes.isEmpty()) {
            throw new IllegalArgumentException("client certificate '" + name + "' has no scopes");
        }
        scopes = Collections.unmodifiableSet(EnumSet.copyOf(scopes));
    }

    private static X500Principal principal(String name, String subject) {
        try {
            return new X500Principal(subject);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the subject of '" + name + "' is neither an RFC 4514 DN (such as"
                    + " CN=orchestrator-1,O=Acme) nor san:<name>: '" + subject + "'");
        }
    }

    /** Whether this entry names {@code certificate}. */
    public boolean matches(X509Certificate certificate) {
        if (!subject.startsWith(SAN)) {
            return certificate.getSubjectX500Principal().equals(principal(name, subject));
        }
        String wanted = subject.substring(SAN.length());
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return false;
        }
        if (names == null) {
            return false;
        }
        for (List<?> entry : names) {
            int type = (Integer) entry.get(0);
            String value = String.valueOf(entry.get(1));
            if (type == DNS_NAME && value.toLowerCase(Locale.ROOT).equals(wanted.toLowerCase(Locale.ROOT))
                    || type == URI && value.equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    /** The key two entries may not share: the canonical DN, or the SAN value. */
    String identityKey() {
        return subject.startsWith(SAN) ? subject.toLowerCase(Locale.ROOT)
                : principal(name, subject).getName(X500Principal.CANONICAL);
    }

    @Override
    public String toString() {
        return "ClientCert[name=" + name + ", subject=" + subject + ", scopes="
                + scopes.stream().map(ApiScope::wireName).collect(Collectors.joining("+")) + "]";
    }
}
