package io.gatehouse.platform.oauth;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * The RSA keys that sign and verify the platform's JWTs, kept in {@code platform_signing_key} so that every
 * replica issues and accepts the same tokens. The first replica to need a key generates one, under a
 * transaction-level advisory lock, so that replicas starting together agree on a single key. Keys are read
 * once and re-read when a token names a key this replica has not seen (another replica rotated).
 */
class SigningKeys implements JWKSource<SecurityContext> {

    private static final long LOCK_ID = 0x6761746568L; // "gateh"

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private volatile JWKSet keys;

    SigningKeys(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        JWKSet current = keys;
        if (current == null) {
            current = load();
        }
        List<JWK> selected = selector.select(current);
        if (selected.isEmpty() && selector.getMatcher().getKeyIDs() != null) {
            selected = selector.select(load());
        }
        return selected;
    }

    private synchronized JWKSet load() {
        JWKSet loaded = tx.execute(status -> {
            List<JWK> stored = read();
            if (stored.isEmpty()) {
                jdbc.queryForList("select pg_advisory_xact_lock(?)", LOCK_ID);
                stored = read();
                if (stored.isEmpty()) {
                    stored = List.of(generate());
                }
            }
            return new JWKSet(stored);
        });
        keys = loaded;
        return loaded;
    }

    private List<JWK> read() {
        return jdbc.query("select kid, public_key, private_key from platform_signing_key order by created_at desc",
                (rs, row) -> toJwk(rs.getString(1), rs.getString(2), rs.getString(3)));
    }

    private JWK generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            String kid = UUID.randomUUID().toString();
            String publicKey = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
            String privateKey = Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
            jdbc.update("insert into platform_signing_key (kid, public_key, private_key, created_at) values (?, ?, ?, ?)",
                    kid, publicKey, privateKey, Timestamp.from(clock.instant()));
            return toJwk(kid, publicKey, privateKey);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is part of every JDK", e);
        }
    }

    private static JWK toJwk(String kid, String publicKey, String privateKey) {
        try {
            KeyFactory factory = KeyFactory.getInstance("RSA");
            RSAPublicKey pub = (RSAPublicKey) factory.generatePublic(
                    new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey)));
            RSAPrivateKey priv = (RSAPrivateKey) factory.generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateKey)));
            return new RSAKey.Builder(pub).privateKey(priv).keyID(kid).build();
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("stored signing key " + kid + " cannot be read", e);
        }
    }
}
