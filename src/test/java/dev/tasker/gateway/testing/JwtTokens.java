package dev.tasker.gateway.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Signing keys made by the test (RSA 2048, EC P-256, Ed25519) and tokens signed with them, including the
 * forgeries a verifier must refuse ({@code alg: none}, HS256 keyed with the public key). Nothing is read from
 * disk; public keys are written as PEM for {@code jwt.public_key_files}.
 */
public final class JwtTokens {

    /** One signing key: its algorithm, {@code kid}, key pair. */
    public record SigningKey(JWSAlgorithm alg, String kid, KeyPair pair) {

        public static SigningKey rsa(String kid) {
            return new SigningKey(JWSAlgorithm.RS256, kid, generate("RSA", null));
        }

        public static SigningKey ec(String kid) {
            return new SigningKey(JWSAlgorithm.ES256, kid, generate("EC", new ECGenParameterSpec("secp256r1")));
        }

        public static SigningKey ed25519(String kid) {
            return new SigningKey(JWSAlgorithm.EdDSA, kid, generate("Ed25519", null));
        }

        /** The public key as a JWK (for a JWKS). */
        public JWK publicJwk() {
            if (pair.getPublic() instanceof RSAPublicKey rsa) {
                return new RSAKey.Builder(rsa).keyID(kid).build();
            }
            if (pair.getPublic() instanceof ECPublicKey ec) {
                return new ECKey.Builder(Curve.P_256, ec).keyID(kid).build();
            }
            byte[] spki = pair.getPublic().getEncoded();
            return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(Arrays.copyOfRange(spki, 12, spki.length)))
                    .keyID(kid).build();
        }

        /** The public key as PEM text ({@code PUBLIC KEY}). */
        public String publicPem() {
            return "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
        }

        /** Writes {@code <kid>.pem} into {@code dir}. */
        public Path writePublicPem(Path dir) {
            try {
                return Files.writeString(dir.resolve(kid + ".pem"), publicPem());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Signs {@code claims} with this key, {@code kid} in the header (none when {@code withKid} is false). */
        public String sign(JWTClaimsSet claims) {
            return sign(claims, kid);
        }

        public String sign(JWTClaimsSet claims, String headerKid) {
            JWSHeader header = new JWSHeader.Builder(alg).keyID(headerKid).build();
            try {
                if (alg.equals(JWSAlgorithm.EdDSA)) {
                    return signEd25519(header, claims);
                }
                JWSSigner signer = alg.equals(JWSAlgorithm.RS256) ? new RSASSASigner(pair.getPrivate())
                        : new ECDSASigner((ECPrivateKey) pair.getPrivate());
                SignedJWT jwt = new SignedJWT(header, claims);
                jwt.sign(signer);
                return jwt.serialize();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        /** EdDSA with the JDK (nimbus's own Ed25519 signer needs Tink). */
        private String signEd25519(JWSHeader header, JWTClaimsSet claims) {
            String input = header.toBase64URL() + "." + Base64URL.encode(claims.toString());
            try {
                Signature signature = Signature.getInstance("Ed25519");
                signature.initSign(pair.getPrivate());
                signature.update(input.getBytes(StandardCharsets.US_ASCII));
                return input + "." + Base64URL.encode(signature.sign());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The classic confusion attack: HS256 keyed with the public key's PEM text. */
        public String signHs256WithPublicKey(JWTClaimsSet claims) {
            try {
                SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(), claims);
                jwt.sign(new MACSigner(publicPem().getBytes(StandardCharsets.US_ASCII)));
                return jwt.serialize();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private JwtTokens() {
    }

    /** An unsigned token: {@code {"alg":"none"}}, the claims, an empty signature. */
    public static String unsigned(JWTClaimsSet claims, String kid) {
        String header = "{\"alg\":\"none\",\"kid\":\"" + kid + "\"}";
        return Base64URL.encode(header) + "." + Base64URL.encode(claims.toString()) + ".";
    }

    /** Claims that pass: issuer, audience, sub, exp in an hour; plus {@code extra}. */
    public static JWTClaimsSet claims(String issuer, String audience, String subject, Map<String, Object> extra) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer(issuer).audience(List.of(audience))
                .subject(subject).issueTime(new Date()).expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1))));
        extra.forEach(builder::claim);
        return builder.build();
    }

    /** {@code claims} with {@code exp} replaced. */
    public static JWTClaimsSet expiringAt(JWTClaimsSet claims, Instant exp) {
        return new JWTClaimsSet.Builder(claims).expirationTime(Date.from(exp)).build();
    }

    private static KeyPair generate(String algorithm, ECGenParameterSpec spec) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (spec != null) {
                generator.initialize(spec);
            } else if (algorithm.equals("RSA")) {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
