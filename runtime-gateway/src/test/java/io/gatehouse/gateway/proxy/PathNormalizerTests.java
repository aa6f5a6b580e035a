package io.gatehouse.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PathNormalizerTests {

    @Test
    void removesDotSegmentsIncludingEncodedOnes() {
        assertThat(PathNormalizer.normalize("/public/../admin")).isEqualTo("/admin");
        assertThat(PathNormalizer.normalize("/public/%2e%2e/admin")).isEqualTo("/admin");
        assertThat(PathNormalizer.normalize("/a/./b/../c/")).isEqualTo("/a/c/");
        assertThat(PathNormalizer.normalize("/../../etc/passwd")).isEqualTo("/etc/passwd");
        assertThat(PathNormalizer.normalize("/a/b/..")).isEqualTo("/a/");
        assertThat(PathNormalizer.normalize("/a/.")).isEqualTo("/a/");
    }

    @Test
    void decodesOnlyUnreservedCharacters() {
        assertThat(PathNormalizer.normalize("/%61pi/%7euser")).isEqualTo("/api/~user");
        assertThat(PathNormalizer.normalize("/a%2fb%3f")).isEqualTo("/a%2Fb%3F");
        assertThat(PathNormalizer.normalize("/plain/path")).isEqualTo("/plain/path");
        assertThat(PathNormalizer.normalize("/bad%zz")).isNull();
        assertThat(PathNormalizer.normalize("/cut%4")).isNull();
    }
}
