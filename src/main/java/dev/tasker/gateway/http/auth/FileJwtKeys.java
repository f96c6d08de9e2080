package dev.tasker.gateway.http.auth;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.tasker.gateway.tls.PemFiles;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Signing keys read once from PEM files ({@code PUBLIC KEY} blocks or certificates): RSA, EC P-256 and
 * Ed25519. Each key's {@code kid} is its file's name without {@code .pem} ({@code issuer-2026.pem} is
 * {@code issuer-2026}); a token naming another {@code kid} matches none of them. Immutable.
 */
public final class FileJwtKeys implements JwtKeys {

    /** X.509 SubjectPublicKeyInfo of an Ed25519 key is this prefix, then the 32-byte key. */
    static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private final List<JWK> keys;

    private FileJwtKeys(List<JWK> keys) {
        this.keys = List.copyOf(keys);
    }

    /** @throws IllegalArgumentException naming the file that cannot be read or holds an unusable key */
    public static FileJwtKeys read(List<Path> files) {
        List<JWK> keys = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            String kid = name.endsWith(".pem") ? name.substring(0, name.length() - 4) : name;
            try {
                for (PublicKey key : PemFiles.publicKeys(file)) {
                    keys.add(toJwk(key, kid));
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        return new FileJwtKeys(keys);
    }

    static JWK toJwk(PublicKey key, String kid) {
        if (key instanceof RSAPublicKey rsa) {
            return new RSAKey.Builder(rsa).keyID(kid).keyUse(KeyUse.SIGNATURE).build();
        }
        if (key instanceof ECPublicKey ec) {
            Curve curve = Curve.forECParameterSpec(ec.getParams());
            if (!Curve.P_256.equals(curve)) {
                throw new IllegalArgumentException("key '" + kid + "' is on curve " + curve + "; ES256 needs P-256");
            }
            return new ECKey.Builder(curve, ec).keyID(kid).keyUse(KeyUse.SIGNATURE).build();
        }
        if (key instanceof EdECPublicKey ed && ed.getParams().getName().equals("Ed25519")) {
            byte[] spki = ed.getEncoded();
            byte[] raw = Arrays.copyOfRange(spki, ED25519_SPKI_PREFIX.length, spki.length);
            return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(raw)).keyID(kid)
                    .keyUse(KeyUse.SIGNATURE).build();
        }
        throw new IllegalArgumentException("key '" + kid + "' is " + key.getAlgorithm()
                + "; expected RSA, EC P-256 or Ed25519");
    }

    @Override
    public List<JWK> forKid(String kid) {
        return JwtKeys.matching(keys, kid);
    }

    public int size() {
        return keys.size();
    }
}
