package io.gatehouse.gateway.sync;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes protocol messages. Unknown members are ignored when reading, so that a peer one minor
 * step ahead can add optional fields without breaking this side (see "Compatibility" in the protocol).
 */
public final class SyncCodec {

    private static final JsonMapper MAPPER = JsonMapper.builder()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();

    private static final ObjectReader READER = MAPPER.readerFor(SyncMessage.class);

    private SyncCodec() {
    }

    /** The message as one JSON text. */
    public static String write(SyncMessage message) {
        return MAPPER.writerFor(SyncMessage.class).writeValueAsString(message);
    }

    /** Reads one message; fails with {@link MalformedMessageException} when it is not a known message. */
    public static SyncMessage read(String text) {
        try {
            SyncMessage message = MAPPER.readValue(text, SyncMessage.class);
            if (message == null) {
                throw new MalformedMessageException("empty message");
            }
            return message;
        }
        catch (JacksonException ex) {
            throw new MalformedMessageException(ex.getOriginalMessage());
        }
    }

    /**
     * Reads one message from its UTF-8 bytes (what a WebSocket text frame carries), without a String copy. Entity
     * documents are taken as byte slices of {@code utf8}, never built into trees ({@link SyncEntity}).
     */
    public static SyncMessage read(byte[] utf8) {
        try {
            SyncMessage message = READER.withAttribute(SyncEntity.Reader.SOURCE, utf8).readValue(utf8);
            if (message == null) {
                throw new MalformedMessageException("empty message");
            }
            return message;
        }
        catch (JacksonException ex) {
            throw new MalformedMessageException(ex.getOriginalMessage());
        }
    }

    /** A text that is not a message of this protocol. */
    public static final class MalformedMessageException extends RuntimeException {

        MalformedMessageException(String message) {
            super("not a sync message: " + message);
        }
    }
}
