package io.gatehouse.platform.shared.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SecretTokensTests {

    @Test
    void tokensHaveThePrefixTheLengthAndDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = SecretTokens.generate("gh_pat_", 40);
            assertThat(token).startsWith("gh_pat_").hasSize(47).matches("gh_pat_[A-Za-z0-9]{40}");
            seen.add(token);
        }
        assertThat(seen).hasSize(1000);
    }

    @Test
    void theDigestIsTheHexSha256() {
        assertThat(SecretTokens.sha256("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
