package io.gatehouse.gateway.sync;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.security.DigestOutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The last config a gateway applied, on disk, so that a gateway restarted while its control plane is away
 * serves what it served before.
 *
 * <p>File format ({@code config.cache}): a first line {@code gatehouse-sync-cache 1 sha256:<hex>} with the
 * SHA-256 of the rest of the file, then the config as a JSON {@link Snapshot}. Writes go to a temporary file
 * in the same directory, are forced to disk, and are renamed over the old file atomically, so a crash leaves
 * either the old or the new file, never a torn one. A file whose checksum or config hash does not match is
 * ignored (and reported), never applied.
 */
public final class DiskCache {

    private static final Logger log = LoggerFactory.getLogger(DiskCache.class);
    private static final String MAGIC = "gatehouse-sync-cache 1 sha256:";
    private static final String FILE_NAME = "config.cache";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path directory;

    public DiskCache(Path directory) {
        this.directory = directory;
    }

    /** The file this cache writes. */
    public Path file() {
        return directory.resolve(FILE_NAME);
    }

    /**
     * Writes a config atomically, replacing the previous one. The JSON is streamed to the file through the
     * checksum (a large config is never held as one byte array), and the fixed-length header is written last.
     */
    public void write(SyncedConfig config) throws IOException {
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, FILE_NAME, ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                int headerLength = header(new byte[32]).length;
                channel.position(headerLength);
                MessageDigest sha = sha256();
                try (OutputStream body = new DigestOutputStream(
                        new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024), sha)) {
                    // the channel stays open for the header: the stream is flushed, not closed, before it
                    JSON.writeValue(new NonClosing(body), new Snapshot(config.revision(), config.hash(),
                            List.copyOf(config.entities().values())));
                    body.flush();
                    java.nio.ByteBuffer header = java.nio.ByteBuffer.wrap(header(sha.digest()));
                    while (header.hasRemaining()) {
                        channel.write(header, header.position());
                    }
                    channel.force(true);
                }
            }
            try {
                Files.move(temporary, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (AtomicMoveNotSupportedException ex) {
                Files.move(temporary, file(), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static byte[] header(byte[] checksum) {
        return (MAGIC + HexFormat.of().formatHex(checksum) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Lets Jackson finish writing without closing the file the header still has to go into. */
    private static final class NonClosing extends java.io.FilterOutputStream {

        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /** The cached config, or empty when there is none or it is damaged (a damaged file is logged). */
    public Optional<SyncedConfig> read() {
        Path file = file();
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            int newline = indexOf(bytes, (byte) '\n');
            String header = newline < 0 ? "" : new String(bytes, 0, newline, StandardCharsets.US_ASCII);
            if (!header.startsWith(MAGIC)) {
                log.warn("Ignoring the config cache {}: it does not start with a cache header", file);
                return Optional.empty();
            }
            byte[] body = java.util.Arrays.copyOfRange(bytes, newline + 1, bytes.length);
            String expected = header.substring(MAGIC.length());
            if (!HexFormat.of().formatHex(sha256(body)).equals(expected)) {
                log.warn("Ignoring the config cache {}: its checksum does not match its content", file);
                return Optional.empty();
            }
            Snapshot snapshot = JSON.readValue(body, Snapshot.class);
            SyncedConfig config = SyncedConfig.of(snapshot.revision(), snapshot.config());
            if (!config.hash().equals(snapshot.hash())) {
                log.warn("Ignoring the config cache {}: its config hash does not match its entities", file);
                return Optional.empty();
            }
            return Optional.of(config);
        }
        catch (IOException | JacksonException ex) {
            log.warn("Ignoring the config cache {}: {}", file, ex.getMessage());
            return Optional.empty();
        }
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
        }
    }
}
