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
            assertThat(files).containsExactlyInAnyOrder(cache.file(), cache.journal());
        }
    }

    @Test
    void aDeltaIsAppendedToTheJournalAndReplayedOnRead() throws Exception {
        DiskCache cache = new DiskCache(directory);
        SyncedConfig first = SyncedConfig.of(7, List.of(entity("service", "s1", "{\"name\":\"a\"}"),
                entity("route", "r1", "{\"name\":\"r\"}")));
        cache.write(first);
        long configSize = Files.size(cache.file());
        Delta delta = new Delta(7, 8, "", List.of(entity("service", "s2", "{\"name\":\"b\"}")),
                List.of(new EntityKey("route", "r1")));
        SyncedConfig second = first.apply(delta);
        Delta another = new Delta(8, 9, "", List.of(entity("service", "s1", "{\"name\":\"c\"}")), List.of());
        SyncedConfig third = second.apply(another);

        cache.write(first, delta, second);
        cache.write(second, another, third);

        assertThat(Files.size(cache.file())).as("the whole config is not rewritten").isEqualTo(configSize);
        SyncedConfig read = new DiskCache(directory).read().orElseThrow();
        assertThat(read.revision()).isEqualTo(9);
        assertThat(read.hash()).isEqualTo(third.hash());
        assertThat(read.entities()).isEqualTo(third.entities());
    }

    @Test
    void aTornJournalRecordIsDroppedAndTheNextWriteIsWhole() throws Exception {
        DiskCache cache = new DiskCache(directory);
        SyncedConfig first = SyncedConfig.of(7, List.of(entity("service", "s1", "{\"name\":\"a\"}")));
        cache.write(first);
        Delta delta = new Delta(7, 8, "", List.of(entity("service", "s2", "{\"name\":\"b\"}")), List.of());
        SyncedConfig second = first.apply(delta);
        Delta another = new Delta(8, 9, "", List.of(entity("service", "s3", "{\"name\":\"c\"}")), List.of());
        SyncedConfig third = second.apply(another);
        cache.write(first, delta, second);
        cache.write(second, another, third);
        byte[] journal = Files.readAllBytes(cache.journal());
        Files.write(cache.journal(), java.util.Arrays.copyOf(journal, journal.length - 5));

        DiskCache restarted = new DiskCache(directory);
        SyncedConfig read = restarted.read().orElseThrow();
        assertThat(read.revision()).as("the intact record is kept").isEqualTo(8);
        assertThat(read.hash()).isEqualTo(second.hash());

        restarted.write(read, another, third);
        assertThat(new DiskCache(directory).read().orElseThrow().hash()).isEqualTo(third.hash());
        assertThat(Files.size(cache.journal())).as("compacted: an empty journal").isLessThan(200);
    }

    @Test
    void aCacheOfDocumentsThatAreNotCanonicalStillReads() throws Exception {
        DiskCache cache = new DiskCache(directory);
        SyncedConfig config = SyncedConfig.of(3, List.of(entity("service", "s1", "{\"port\":80,\"name\":\"a\"}")));
        String body = "{\"type\":\"snapshot\",\"revision\":3,\"hash\":\"" + config.hash()
                + "\",\"config\":[{\"type\":\"service\",\"id\":\"s1\",\"document\":{\"port\": 80, \"name\": \"a\"}}]}";
        byte[] checksum = java.security.MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
        Files.writeString(cache.file(), "gatehouse-sync-cache 1 sha256:" + java.util.HexFormat.of().formatHex(checksum)
                + "\n" + body, StandardCharsets.UTF_8);

        assertThat(cache.read().orElseThrow().hash()).isEqualTo(config.hash());
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
