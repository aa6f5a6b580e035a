package io.gatehouse.gateway.sync;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.core.JacksonException;
import tools.jackson.core.io.JsonStringEncoder;

/**
 * The last config a gateway applied, on disk, so that a gateway restarted while its control plane is away
 * serves what it served before.
 *
 * <p>Two files. {@code config.cache} holds a whole config: a first line {@code gatehouse-sync-cache 1 sha256:<hex>}
 * with the SHA-256 of the rest of the file, then the config as a JSON {@link Snapshot} (documents as they travel,
 * canonical JSON). It is written to a temporary file in the same directory, forced to disk, and renamed over the
 * old one atomically, so a crash leaves either the old or the new file, never a torn one.
 *
 * <p>{@code config.journal} holds the deltas applied since: a first line
 * {@code gatehouse-sync-journal 1 <revision> <hash>} naming the {@code config.cache} it continues, then one record
 * per delta, {@code <length> sha256:<hex>\n<delta JSON>\n}, each appended and forced to disk before the delta is
 * acknowledged. A one-entity change thus writes a few hundred bytes, not the whole config. When the journal grows
 * past a quarter of the config (at least 1 MiB) the next change rewrites {@code config.cache} and starts an empty
 * journal (compaction). Reading replays the records on the cached config, each checked by its checksum and by the
 * config hash it must lead to; a torn or damaged tail (a crash mid-append) is dropped, and the next write compacts.
 * A journal whose first line names another config (a crash between a compaction's rename and its new journal) is
 * ignored. A config file whose checksum or config hash does not match is ignored (and reported), never applied.
 */
public final class DiskCache {

    private static final Logger log = LoggerFactory.getLogger(DiskCache.class);
    private static final String MAGIC = "gatehouse-sync-cache 1 sha256:";
    private static final String JOURNAL_MAGIC = "gatehouse-sync-journal 1 ";
    private static final String FILE_NAME = "config.cache";
    private static final String JOURNAL_NAME = "config.journal";
    private static final long MIN_COMPACTION_BYTES = 1 << 20;

    private final Path directory;
    /**
     * What this process knows of the files: the config {@code config.cache} holds and the journal's length; null
     * when unknown (nothing written or read yet, or a damaged journal), which makes the next write a full one.
     */
    private Written written;

    private record Written(long revision, String hash, long configBytes, long journalBytes) {
    }

    public DiskCache(Path directory) {
        this.directory = directory;
    }

    /** The file holding the last whole config. */
    public Path file() {
        return directory.resolve(FILE_NAME);
    }

    /** The file holding the deltas applied since {@link #file()} was written. */
    public Path journal() {
        return directory.resolve(JOURNAL_NAME);
    }

    /**
     * Writes a whole config atomically, replacing the previous one and its journal. The JSON is streamed to the
     * file through the checksum (a large config is never held as one byte array), and the fixed-length header is
     * written last.
     */
    public synchronized void write(SyncedConfig config) throws IOException {
        written = null;
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, FILE_NAME, ".tmp");
        long size;
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                int headerLength = header(new byte[32]).length;
                channel.position(headerLength);
                MessageDigest sha = sha256();
                OutputStream body = new DigestOutputStream(
                        new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024), sha);
                writeSnapshot(config, body);
                body.flush();
                ByteBuffer header = ByteBuffer.wrap(header(sha.digest()));
                while (header.hasRemaining()) {
                    channel.write(header, header.position());
                }
                channel.force(true);
                size = channel.size();
            }
            move(temporary, file());
        }
        finally {
            Files.deleteIfExists(temporary);
        }
        startJournal(config, size);
    }

    /**
     * Records that {@code delta} turned {@code before} into {@code after}: a record appended to the journal when it
     * continues {@code before}, else (or when the journal is due for compaction) a whole write of {@code after}.
     */
    public synchronized void write(SyncedConfig before, Delta delta, SyncedConfig after) throws IOException {
        Written known = written;
        if (known == null || known.revision() != before.revision() || !known.hash().equals(before.hash())
                || known.journalBytes() > Math.max(MIN_COMPACTION_BYTES, known.configBytes() / 4)) {
            write(after);
            return;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(256);
        writeDelta(delta, after, body);
        byte[] bytes = body.toByteArray();
        byte[] head = (bytes.length + " sha256:" + HexFormat.of().formatHex(sha256(bytes, 0, bytes.length)) + "\n")
            .getBytes(StandardCharsets.US_ASCII);
        written = null;
        try (FileChannel channel = FileChannel.open(journal(), StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer record = ByteBuffer.allocate(head.length + bytes.length + 1).put(head).put(bytes).put((byte) '\n')
                .flip();
            while (record.hasRemaining()) {
                channel.write(record);
            }
            channel.force(false);
            written = new Written(after.revision(), after.hash(), known.configBytes(), channel.size());
        }
    }

    private void startJournal(SyncedConfig config, long configBytes) throws IOException {
        Path temporary = Files.createTempFile(directory, JOURNAL_NAME, ".tmp");
        try {
            byte[] header = (JOURNAL_MAGIC + config.revision() + " " + config.hash() + "\n")
                .getBytes(StandardCharsets.US_ASCII);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(header);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            move(temporary, journal());
        }
        finally {
            Files.deleteIfExists(temporary);
        }
        written = new Written(config.revision(), config.hash(), configBytes, Files.size(journal()));
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (AtomicMoveNotSupportedException ex) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A snapshot message's JSON, the documents written as the bytes they travel as. */
    private static void writeSnapshot(SyncedConfig config, OutputStream out) throws IOException {
        out.write(ascii("{\"type\":\"snapshot\",\"revision\":" + config.revision() + ",\"hash\":"));
        string(config.hash(), out);
        out.write(ascii(",\"config\":["));
        boolean first = true;
        for (SyncEntity entity : config.entities().values()) {
            if (!first) {
                out.write(',');
            }
            first = false;
            entity(entity, out);
        }
        out.write(ascii("]}"));
    }

    /** A delta message's JSON with the upserts as {@code after} holds them (canonical even if received otherwise). */
    private static void writeDelta(Delta delta, SyncedConfig after, OutputStream out) throws IOException {
        out.write(ascii("{\"type\":\"delta\",\"from_revision\":" + delta.fromRevision() + ",\"revision\":"
                + delta.revision() + ",\"hash\":"));
        string(after.hash(), out);
        out.write(ascii(",\"upserts\":["));
        boolean first = true;
        for (SyncEntity upsert : delta.upserts()) {
            SyncEntity held = after.entity(upsert.key());
            if (held == null) {
                continue;
            }
            if (!first) {
                out.write(',');
            }
            first = false;
            entity(held, out);
        }
        out.write(ascii("],\"deletes\":["));
        first = true;
        for (EntityKey key : delta.deletes()) {
            if (!first) {
                out.write(',');
            }
            first = false;
            out.write(ascii("{\"type\":"));
            string(key.type(), out);
            out.write(ascii(",\"id\":"));
            string(key.id(), out);
            out.write('}');
        }
        out.write(ascii("]}"));
    }

    private static void entity(SyncEntity entity, OutputStream out) throws IOException {
        out.write(ascii("{\"type\":"));
        string(entity.type(), out);
        out.write(ascii(",\"id\":"));
        string(entity.id(), out);
        out.write(ascii(",\"document\":"));
        out.write(entity.json());
        out.write('}');
    }

    private static void string(String value, OutputStream out) throws IOException {
        out.write('"');
        out.write(JsonStringEncoder.getInstance().quoteAsUTF8(value));
        out.write('"');
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] header(byte[] checksum) {
        return (MAGIC + HexFormat.of().formatHex(checksum) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The cached config with the journal's deltas replayed, or empty when there is none or the config file is
     * damaged (logged). A damaged journal record ends the replay there (logged), keeping what came before it.
     */
    public synchronized Optional<SyncedConfig> read() {
        written = null;
        Path file = file();
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        SyncedConfig config;
        long configBytes;
        try {
            byte[] bytes = Files.readAllBytes(file);
            configBytes = bytes.length;
            int newline = indexOf(bytes, (byte) '\n', 0);
            String header = newline < 0 ? "" : new String(bytes, 0, newline, StandardCharsets.US_ASCII);
            if (!header.startsWith(MAGIC)) {
                log.warn("Ignoring the config cache {}: it does not start with a cache header", file);
                return Optional.empty();
            }
            String expected = header.substring(MAGIC.length());
            if (!HexFormat.of().formatHex(sha256(bytes, newline + 1, bytes.length - newline - 1)).equals(expected)) {
                log.warn("Ignoring the config cache {}: its checksum does not match its content", file);
                return Optional.empty();
            }
            if (!(SyncCodec.read(Arrays.copyOfRange(bytes, newline + 1, bytes.length)) instanceof Snapshot snapshot)) {
                log.warn("Ignoring the config cache {}: it does not hold a snapshot", file);
                return Optional.empty();
            }
            config = SyncedConfig.of(snapshot.revision(), snapshot.config());
            if (!config.hash().equals(snapshot.hash())) {
                // written before documents were kept canonical
                config = config.canonicalized();
            }
            if (!config.hash().equals(snapshot.hash())) {
                log.warn("Ignoring the config cache {}: its config hash does not match its entities", file);
                return Optional.empty();
            }
        }
        catch (IOException | JacksonException | SyncCodec.MalformedMessageException ex) {
            log.warn("Ignoring the config cache {}: {}", file, ex.getMessage());
            return Optional.empty();
        }
        return Optional.of(replay(config, configBytes));
    }

    /** {@code config} with the journal's intact records applied; sets what this process knows of the files. */
    private SyncedConfig replay(SyncedConfig config, long configBytes) {
        Path journal = journal();
        if (!Files.isRegularFile(journal)) {
            return config;
        }
        try {
            byte[] bytes = Files.readAllBytes(journal);
            int newline = indexOf(bytes, (byte) '\n', 0);
            String header = newline < 0 ? "" : new String(bytes, 0, newline, StandardCharsets.US_ASCII);
            if (!header.equals(JOURNAL_MAGIC + config.revision() + " " + config.hash())) {
                log.warn("Ignoring the config journal {}: it does not continue the cached config", journal);
                return config;
            }
            int position = newline + 1;
            while (position < bytes.length) {
                int end = indexOf(bytes, (byte) '\n', position);
                String[] head = end < 0 ? new String[0]
                        : new String(bytes, position, end - position, StandardCharsets.US_ASCII).split(" ");
                int length = head.length == 2 ? parseLength(head[0]) : -1;
                if (length < 0 || end + 1 + length + 1 > bytes.length || bytes[end + 1 + length] != '\n'
                        || !head[1].equals("sha256:" + HexFormat.of().formatHex(sha256(bytes, end + 1, length)))) {
                    log.warn("Dropping the tail of the config journal {} from byte {}: a torn or damaged record",
                            journal, position);
                    return config;
                }
                if (!(SyncCodec.read(Arrays.copyOfRange(bytes, end + 1, end + 1 + length)) instanceof Delta delta)
                        || delta.fromRevision() != config.revision()) {
                    log.warn("Dropping the tail of the config journal {} from byte {}: not the next delta", journal,
                            position);
                    return config;
                }
                SyncedConfig next = config.apply(delta);
                if (!next.hash().equals(delta.hash())) {
                    log.warn("Dropping the tail of the config journal {} from byte {}: the delta's hash does not match",
                            journal, position);
                    return config;
                }
                config = next;
                position = end + 1 + length + 1;
            }
            SyncedConfig replayed = config;
            written = new Written(replayed.revision(), replayed.hash(), configBytes, bytes.length);
            return replayed;
        }
        catch (IOException | JacksonException | SyncCodec.MalformedMessageException ex) {
            log.warn("Ignoring the rest of the config journal {}: {}", journal, ex.getMessage());
            return config;
        }
    }

    private static int parseLength(String text) {
        try {
            return Integer.parseInt(text);
        }
        catch (NumberFormatException ex) {
            return -1;
        }
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = from; i < bytes.length; i++) {
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

    private static byte[] sha256(byte[] bytes, int offset, int length) {
        MessageDigest sha = sha256();
        sha.update(bytes, offset, length);
        return sha.digest();
    }
}
