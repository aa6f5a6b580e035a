package io.gatehouse.gateway.sync;

import static io.gatehouse.gateway.sync.SyncedConfigTests.entity;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskCacheTests {

    @TempDir
    Path directory;

    @Test
    void aWrittenConfigReadsBackIdentically() throws Exception {
        DiskCache cache = new DiskCache(directory);
        SyncedConfig config = SyncedConfig.of(7, List.of(entity("service", "s1", "{\"name\":\"a\"}")));

        cache.write(config);

        SyncedConfig read = cache.read().orElseThrow();
        assertThat(read.revision()).isEqualTo(7);
        assertThat(read.hash()).isEqualTo(config.hash());
        assertThat(read.entities()).isEqualTo(config.entities());
        try (var files = Files.list(directory)) {
            assertThat(files).containsExactly(cache.file());
        }
    }

    @Test
    void aDamagedFileIsIgnored() throws Exception {
        DiskCache cache = new DiskCache(directory);
        cache.write(SyncedConfig.of(7, List.of(entity("service", "s1", "{\"name\":\"a\"}"))));
        String text = Files.readString(cache.file(), StandardCharsets.UTF_8);

        Files.writeString(cache.file(), text.replace("\"a\"", "\"b\""), StandardCharsets.UTF_8);

        assertThat(cache.read()).isEmpty();
    }

    @Test
    void noFileMeansNoConfig() {
        assertThat(new DiskCache(directory.resolve("missing")).read()).isEmpty();
    }
}
