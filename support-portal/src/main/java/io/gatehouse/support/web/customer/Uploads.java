package io.gatehouse.support.web.customer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.web.multipart.MultipartFile;

/**
 * Files from a browser form. Browsers label many text files (.log, .yaml) as {@code application/octet-stream};
 * for those the type is taken from the file name, and the desk then checks it against the bytes as for any
 * upload (so a renamed program is still refused).
 */
final class Uploads {

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("txt", "text/plain"), Map.entry("log", "text/plain"), Map.entry("csv", "text/csv"),
            Map.entry("json", "application/json"), Map.entry("yaml", "application/yaml"),
            Map.entry("yml", "application/yaml"), Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"), Map.entry("pdf", "application/pdf"), Map.entry("zip", "application/zip"),
            Map.entry("gz", "application/gzip"), Map.entry("tgz", "application/gzip"));

    /** The upload limit and accepted kinds, as shown next to the file fields. */
    static final String HINT = "Up to 10 MB per file: text, logs, JSON, YAML, CSV, PNG, JPEG, PDF, ZIP or gzip.";

    private Uploads() {
    }

    /** The files the user actually chose (an empty file field sends one nameless, empty part). */
    static List<MultipartFile> chosen(List<MultipartFile> files) {
        return files == null ? List.of()
                : files.stream().filter(f -> f.getOriginalFilename() != null && !f.getOriginalFilename().isBlank()).toList();
    }

    static String filename(MultipartFile file) {
        String name = file.getOriginalFilename();
        // Some browsers send the whole path; the desk wants a plain name.
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        return slash < 0 ? name : name.substring(slash + 1);
    }

    static String contentType(MultipartFile file) {
        String declared = file.getContentType();
        if (declared != null && !declared.isBlank() && !declared.startsWith("application/octet-stream")) {
            return declared;
        }
        String name = filename(file);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "application/octet-stream"
                : BY_EXTENSION.getOrDefault(name.substring(dot + 1).toLowerCase(Locale.ROOT), "application/octet-stream");
    }

    static byte[] bytes(MultipartFile file) {
        try {
            return file.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
