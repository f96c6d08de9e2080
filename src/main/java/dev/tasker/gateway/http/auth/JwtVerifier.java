package dev.tasker.gateway.http.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Checks a compact JWS bearer token: signed with RS256, ES256 or EdDSA (Ed25519) by one of the configured keys
 * (its {@code kid} choosing the key, the key's type matching the algorithm), then {@code iss}, {@code aud},
 * {@code exp} (required), {@code nbf} (when present, both with the clock skew) and {@code sub} (required: it
 * is the identity's name). Everything else is refused: {@code alg: none}, HMAC algorithms (so the public key
 * cannot serve as an HMAC secret), critical headers it does not know, a {@code kid} no key has. The signature
 * is checked before any claim, so a forged token learns nothing about the claims. Thread-safe.
 */
public final class JwtVerifier {

    /** The algorithms accepted; anything else (none, HS256, PS256, ...) is refused. */
    public static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA,
            JWSAlgorithm.Ed25519);

    /** A token whose signature and claims hold. */
    public record VerifiedToken(String subject, String kid, JWTClaimsSet claims) {
    }

    private final JwtSettings settings;
    private final JwtKeys keys;
    private final Clock clock;

    public JwtVerifier(JwtSettings settings, JwtKeys keys, Clock clock) {
        this.settings = settings;
        this.keys = keys;
        this.clock = clock;
    }

    public VerifiedToken verify(String token) throws InvalidTokenException, JwtKeysUnavailableException {
        if (!compactSerialization(token)) {
            throw new InvalidTokenException("not a signed JWT: three parts of base64url (A-Z a-z 0-9 - _) and dots");
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw new InvalidTokenException("not a signed JWT (unsigned tokens, alg none, are refused)");
        }
        JWSHeader header = jwt.getHeader();
        JWSAlgorithm alg = header.getAlgorithm();
        if (!ALGORITHMS.contains(alg)) {
            throw new InvalidTokenException("alg " + alg + " is not accepted (RS256, ES256, EdDSA or Ed25519)");
        }
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            throw new InvalidTokenException("critical header parameters are not supported");
        }
        String kid = header.getKeyID();
        List<JWK> candidates = keys.forKid(kid).stream().filter(key -> fits(key, alg)).toList();
        if (candidates.isEmpty()) {
            throw new InvalidTokenException(kid == null ? "no configured key fits alg " + alg
                    : "unknown kid for alg " + alg);
        }
        boolean verified = false;
        for (JWK key : candidates) {
            verified = verified || signedBy(jwt, alg, key);
        }
        if (!verified) {
            throw new InvalidTokenException("the signature does not verify");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidTokenException("the claims are not a JSON object");
        }
        checkClaims(claims);
        return new VerifiedToken(claims.getSubject(), kid, claims);
    }

    /**
     * Whether the token is a JWS compact serialization (RFC 7515 section 7.1): three parts, each base64url without
     * padding. The parser also decodes the standard alphabet, so a signature with '+' for '-' or '/' for '_'
     * decoded to the same bytes and verified: the same token, spelled in a way no issuer writes.
     */
    private static boolean compactSerialization(String token) {
        int dots = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                dots++;
            } else if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return dots == 2;
    }

    private void checkClaims(JWTClaimsSet claims) throws InvalidTokenException {
        if (!settings.issuer().equals(claims.getIssuer())) {
            throw new InvalidTokenException("wrong issuer");
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(settings.audience())) {
            throw new InvalidTokenException("wrong audience");
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new InvalidTokenException("no exp claim");
        }
        if (!now.isBefore(exp.toInstant().plus(settings.clockSkew()))) {
            throw new InvalidTokenException("expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.isBefore(nbf.toInstant().minus(settings.clockSkew()))) {
            throw new InvalidTokenException("not valid yet (nbf)");
        }
        if (claims.getSubject() == null || claims.getSubject().isBlank()) {
            throw new InvalidTokenException("no sub claim");
        }
    }

    /** Whether {@code key} is of the type {@code alg} needs, and declares no other algorithm or use. */
    private static boolean fits(JWK key, JWSAlgorithm alg) {
        if (key.getAlgorithm() != null && !key.getAlgorithm().equals(alg)) {
            return false;
        }
        if (alg.equals(JWSAlgorithm.RS256)) {
            return key instanceof RSAKey;
        }
        if (alg.equals(JWSAlgorithm.ES256)) {
            return key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve());
        }
        return key instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve());
    }

    private static boolean signedBy(SignedJWT jwt, JWSAlgorithm alg, JWK key) {
        try {
            if (alg.equals(JWSAlgorithm.RS256)) {
                return jwt.verify(new RSASSAVerifier((RSAKey) key));
            }
            if (alg.equals(JWSAlgorithm.ES256)) {
                return jwt.verify(new ECDSAVerifier((ECKey) key));
            }
            return ed25519(jwt, (OctetKeyPair) key);
        } catch (JOSEException | GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** EdDSA with the JDK's Ed25519 (RFC 8037: the signature is the raw 64 bytes over the signing input). */
    private static boolean ed25519(SignedJWT jwt, OctetKeyPair key) throws GeneralSecurityException {
        byte[] raw = key.getX().decode();
        byte[] spki = new byte[FileJwtKeys.ED25519_SPKI_PREFIX.length + raw.length];
        System.arraycopy(FileJwtKeys.ED25519_SPKI_PREFIX, 0, spki, 0, FileJwtKeys.ED25519_SPKI_PREFIX.length);
        System.arraycopy(raw, 0, spki, FileJwtKeys.ED25519_SPKI_PREFIX.length, raw.length);
        PublicKey publicKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        Signature signature = Signature.getInstance("Ed25519");
        signature.initVerify(publicKey);
        signature.update(jwt.getSigningInput());
        return signature.verify(jwt.getSignature().decode());
    }

}
