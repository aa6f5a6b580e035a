package io.gatehouse.gateway.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading and editing multipart forms ({@link BodyFormats}, {@link MultipartEdits}) at the edges of RFC 2046/7578. */
class MultipartFormsTests {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Test
    void preambleEpilogueTransportPaddingEmptyHeadsAndEmptyContentsAreRead() {
        List<BodyFormats.Part> parts = BodyFormats.multipart(bytes("preamble\r\n--b  \r\n"
                + "Content-Disposition: form-data; name=\"empty\"\r\n\r\n\r\n--b\r\n"
                + "Content-Disposition: form-data; name=\"nobody\"\r\n\r\n--b\r\n"
                + "\r\nheadless\r\n--b\r\n"
                + "Content-Disposition: form-data; name=\"last\"\r\n\r\nv\r\n--b--\r\nepilogue"), "b");

        assertThat(parts).extracting(BodyFormats.Part::name).containsExactly("empty", "nobody", null, "last");
        assertThat(parts).extracting(BodyFormats.Part::text).containsExactly("", "", "headless", "v");
    }

    @Test
    void quotedNamesMayHoldSemicolonsAndFilenamesMarkFiles() {
        List<BodyFormats.Part> parts = BodyFormats.multipart(bytes("--b\r\n"
                + "Content-Disposition: form-data; filename=\"a;name=x.txt\"; name=\"up;load\"\r\n"
                + "Content-Type: text/plain\r\n\r\nfile\r\n--b\r\n"
                + "content-disposition: form-data; name=caf\u00e9\r\n\r\nfield\r\n--b--"), "b");

        assertThat(parts).extracting(BodyFormats.Part::name).containsExactly("up;load", "caf\u00e9");
        assertThat(parts.get(0).isFile()).isTrue();
        assertThat(parts.get(1).isFile()).isFalse();
        BodyFormats.Part renamed = parts.get(0).renamed("document");
        assertThat(text(renamed.head())).isEqualTo("Content-Disposition: form-data; filename=\"a;name=x.txt\"; "
                + "name=\"document\"\r\nContent-Type: text/plain");
        assertThat(renamed.content()).isEqualTo(parts.get(0).content());
    }

    @Test
    void aParameterWithoutValueDoesNotHideTheName() {
        List<BodyFormats.Part> parts = BodyFormats.multipart(bytes("--b\r\n"
                + "Content-Disposition: form-data; flag; name=\"n\"\r\n\r\nv\r\n--b--"), "b");

        assertThat(parts).extracting(BodyFormats.Part::name).containsExactly("n");
    }

    @Test
    void malformedBodiesAreNotForms() {
        assertThat(BodyFormats.multipart(bytes("no delimiter at all"), "b")).isNull();
        assertThat(BodyFormats.multipart(bytes("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunclosed"), "b"))
                .isNull();
        assertThat(BodyFormats.multipart(bytes("--bX\r\n\r\nv\r\n--b--"), "b")).as("not the delimiter line").isNull();
        assertThat(BodyFormats.multipart(bytes("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n--b\r\n"
                + "Content-Disposition: form-data; name=\"c\"\r\n\r\nv\r\n--b--"), "b")).as("a head running into the next part")
                .isNull();
        assertThat(BodyFormats.multipart(bytes("--b\r\nnot a header\r\n\r\nv\r\n--b--"), "b")).isNull();
        assertThat(BodyFormats.boundary("multipart/form-data; boundary=\"a b\"")).isEqualTo("a b");
        assertThat(BodyFormats.boundary("multipart/form-data; boundary=a{b}")).isNull();
        assertThat(BodyFormats.boundary("multipart/form-data; boundary=" + "x".repeat(71))).isNull();
        assertThat(BodyFormats.boundary("multipart/form-data")).isNull();
    }

    @Test
    void editsFollowKongsOrderAndLeaveFilesAlone() {
        List<BodyFormats.Part> parts = List.of(BodyFormats.Part.field("a", "1"), BodyFormats.Part.field("a", "2"),
                new BodyFormats.Part("f", bytes("Content-Disposition: form-data; name=\"f\"; filename=\"x\""), bytes("bin")));

        MultipartEdits.Result result = MultipartEdits.apply(parts, List.of(), List.of("a:b"), List.of("b:3", "f:text"),
                List.of("b:never", "c:4"), List.of("c:5"));

        assertThat(result.changed()).isTrue();
        assertThat(result.parts()).extracting(BodyFormats.Part::name).containsExactly("b", "b", "f", "c", "c");
        assertThat(result.parts()).extracting(BodyFormats.Part::text).containsExactly("3", "3", "bin", "4", "5");
        assertThat(MultipartEdits.apply(parts, List.of("absent"), List.of("none:x"), List.of("zz:1"), List.of(), List.of())
                .changed()).isFalse();
        byte[] written = BodyFormats.multipart(result.parts(), "b");
        assertThat(BodyFormats.multipart(written, "b")).extracting(BodyFormats.Part::text)
                .containsExactly("3", "3", "bin", "4", "5");
    }
}
