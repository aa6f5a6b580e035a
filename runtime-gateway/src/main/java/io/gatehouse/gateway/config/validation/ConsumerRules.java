package io.gatehouse.gateway.config.validation;

import static io.gatehouse.gateway.config.validation.Violations.at;

import io.gatehouse.gateway.config.AclGroup;
import io.gatehouse.gateway.config.BasicAuthCredential;
import io.gatehouse.gateway.config.ConfigMessages;
import io.gatehouse.gateway.config.ConsumerDefinition;
import io.gatehouse.gateway.config.ConsumerGroupDefinition;
import io.gatehouse.gateway.config.JwtCredential;
import io.gatehouse.gateway.config.KeyAuthCredential;
import io.gatehouse.gateway.config.pem.Pem;
import io.gatehouse.gateway.config.pem.PemException;
import io.gatehouse.gateway.config.secrets.SecretHashes;

/** Rules of consumers, consumer groups and credentials, each on its own. */
final class ConsumerRules {

    private ConsumerRules() {
    }

    static void check(ConsumerDefinition consumer, String path, Violations violations) {
        Syntax.id(consumer.id(), path, violations);
        if (consumer.username() == null && consumer.customId() == null) {
            violations.add(at(path, "username"), ConfigMessages.CONSUMER_NEEDS_IDENTITY);
        }
        if (consumer.username() != null && consumer.username().isBlank()) {
            violations.add(at(path, "username"), ConfigMessages.BLANK);
        }
        if (consumer.customId() != null && consumer.customId().isBlank()) {
            violations.add(at(path, "custom_id"), ConfigMessages.BLANK);
        }
        for (int i = 0; i < consumer.groups().size(); i++) {
            if (consumer.groups().get(i) == null) {
                violations.add(at(at(path, "groups"), i), ConfigMessages.NULL_ELEMENT);
            }
        }
        Syntax.tags(consumer.tags(), path, violations);
    }

    static void checkGroup(ConsumerGroupDefinition group, String path, Violations violations) {
        Syntax.id(group.id(), path, violations);
        Syntax.required(group.name(), at(path, "name"), violations);
        Syntax.name(group.name(), at(path, "name"), violations);
        Syntax.tags(group.tags(), path, violations);
    }

    static void checkKeyAuth(KeyAuthCredential credential, String path, Violations violations) {
        Syntax.id(credential.id(), path, violations);
        if ((credential.key() == null) == (credential.keyHash() == null)) {
            violations.add(at(path, "key"), ConfigMessages.SECRET_NEEDS_ONE, "key", "key_hash");
        }
        if (credential.key() != null && credential.key().isBlank()) {
            violations.add(at(path, "key"), ConfigMessages.BLANK);
        }
        if (credential.keyHash() != null && !SecretHashes.isKeyHash(credential.keyHash())) {
            violations.add(at(path, "key_hash"), ConfigMessages.INVALID_KEY_HASH);
        }
        if (credential.expiresAt() != null && credential.expiresAt() < 0) {
            violations.add(at(path, "expires_at"), ConfigMessages.AT_LEAST, 0);
        }
        Syntax.tags(credential.tags(), path, violations);
    }

    static void checkBasicAuth(BasicAuthCredential credential, String path, Violations violations) {
        Syntax.id(credential.id(), path, violations);
        Syntax.required(credential.username(), at(path, "username"), violations);
        if ((credential.password() == null) == (credential.passwordHash() == null)) {
            violations.add(at(path, "password"), ConfigMessages.SECRET_NEEDS_ONE, "password", "password_hash");
        }
        if (credential.passwordHash() != null && !SecretHashes.isPasswordHash(credential.passwordHash())) {
            violations.add(at(path, "password_hash"), ConfigMessages.INVALID_PASSWORD_HASH);
        }
        Syntax.tags(credential.tags(), path, violations);
    }

    static void checkJwt(JwtCredential credential, String path, Violations violations) {
        Syntax.id(credential.id(), path, violations);
        Syntax.required(credential.key(), at(path, "key"), violations);
        String algorithm = credential.algorithm();
        if (!JwtCredential.ALGORITHMS.contains(algorithm)) {
            violations.add(at(path, "algorithm"), ConfigMessages.NOT_ONE_OF, String.join(", ", JwtCredential.ALGORITHMS));
        }
        else if (algorithm.equals("HS256")) {
            Syntax.required(credential.secret(), at(path, "secret"), violations);
        }
        else {
            String keyType = algorithm.equals("RS256") ? "RSA" : "EC";
            if (credential.rsaPublicKey() == null) {
                violations.add(at(path, "rsa_public_key"), ConfigMessages.JWT_SECRET_REQUIRED, algorithm);
            }
            else {
                try {
                    Pem.publicKey(credential.rsaPublicKey(), keyType);
                }
                catch (PemException ex) {
                    violations.add(at(path, "rsa_public_key"), ConfigMessages.JWT_PUBLIC_KEY_INVALID, keyType);
                }
            }
        }
        Syntax.tags(credential.tags(), path, violations);
    }

    static void checkAcl(AclGroup acl, String path, Violations violations) {
        Syntax.id(acl.id(), path, violations);
        Syntax.required(acl.group(), at(path, "group"), violations);
        Syntax.tags(acl.tags(), path, violations);
    }

}
