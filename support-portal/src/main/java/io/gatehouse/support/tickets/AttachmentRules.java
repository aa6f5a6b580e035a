package io.gatehouse.support.tickets;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import io.gatehouse.platform.shared.errors.InvalidInputException;

/**
 * What may be attached: a size limit, and a content type that is both allowed and true to the bytes
 * (binary formats by their magic numbers, text types must be UTF-8 without NUL bytes). Executables,
 * HTML and anything unrecognised are refused, so a download can never be a disguised page or program.
 */
final class AttachmentRules {

    static final int MAX_BYTES = 10 * 1024 * 1024;

    private static final Map<String, byte[]> MAGIC = Map.of(
            "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G'},
            "image/jpeg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF},
            "application/pdf", new byte[] {'%', 'P', 'D', 'F'},
            "application/zip", new byte[] {'P', 'K', 3, 4},
            "application/gzip", new byte[] {0x1F, (byte) 0x8B});
    private static final java.util.Set<String> TEXT = java.util.Set.of("text/plain", "text/csv", "application/json",
            "application/x-yaml", "application/yaml", "text/x-log");

    private AttachmentRules() {
    }

    /** The normalised content type, or a 400 naming what is wrong. */
    static String check(String filename, String contentType, byte[] content) {
        if (filename == null || filename.isBlank() || filename.length() > 255 || filename.contains("/") || filename.contains("\\")) {
            throw InvalidInputException.field("filename", "Give a file name of at most 255 characters, without slashes.");
        }
        if (content.length == 0) {
            throw InvalidInputException.field("content", "The file is empty.");
        }
        if (content.length > MAX_BYTES) {
            throw InvalidInputException.field("content", "Attachments are limited to " + MAX_BYTES / (1024 * 1024) + " MB.");
        }
        String type = contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        if (MAGIC.containsKey(type)) {
            byte[] magic = MAGIC.get(type);
            if (content.length < magic.length || !Arrays.equals(Arrays.copyOf(content, magic.length), magic)) {
                throw InvalidInputException.field("contentType", "The file is not a " + type + " file.");
            }
            return type;
        }
        if (TEXT.contains(type)) {
            if (!isUtf8Text(content)) {
                throw InvalidInputException.field("contentType", "A " + type + " file must be UTF-8 text.");
            }
            return type;
        }
        throw InvalidInputException.field("contentType", "Attach text, logs, JSON, YAML, CSV, PNG, JPEG, PDF, ZIP or gzip files.");
    }

    private static boolean isUtf8Text(byte[] content) {
        for (byte b : content) {
            if (b == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
