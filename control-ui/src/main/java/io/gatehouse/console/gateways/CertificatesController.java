package io.gatehouse.console.gateways;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.gatehouse.gateway.config.pem.Pem;
import io.gatehouse.platform.gateways.entities.EntityPage;
import io.gatehouse.platform.gateways.entities.EntityType;
import io.gatehouse.platform.gateways.entities.GatewayEntities;
import io.gatehouse.platform.gateways.entities.GatewayEntity;
import io.gatehouse.platform.gateways.entities.Parent;
import jakarta.servlet.http.HttpServletResponse;

/**
 * TLS certificates (PEM chain and private key, validated by the gateway's PEM reader; the key is never shown
 * again), their SNIs, and CA certificates. The pages show what the PEM says (subject, expiry), never the key.
 */
@Controller
@RequestMapping("/orgs/{slug}/control-planes/{cp}")
class CertificatesController {

    static final DocumentForm CERTIFICATE_FORM = DocumentForm.of(
            DocumentForm.field("cert", "Certificate (PEM)", DocumentForm.Kind.BLOCK,
                    "The chain, leaf first: -----BEGIN CERTIFICATE----- …"),
            DocumentForm.secret("key", "Private key (PEM)", DocumentForm.Kind.BLOCK,
                    "PKCS#8, PKCS#1 RSA or SEC1 EC, matching the certificate. Never shown again; on an edit, "
                            + "leave it empty to keep the stored key."),
            DocumentForm.field("snis", "Server names", DocumentForm.Kind.LIST,
                    "Comma-separated, e.g. api.example.com, *.example.com"),
            DocumentForm.field("tags", "Tags", DocumentForm.Kind.LIST, "Comma-separated."));

    static final DocumentForm SNI_FORM = DocumentForm.of(
            DocumentForm.field("name", "Server name", DocumentForm.Kind.TEXT, "A host name or *.example.com"),
            DocumentForm.field("tags", "Tags", DocumentForm.Kind.LIST, "Comma-separated."));

    static final DocumentForm CA_FORM = DocumentForm.of(
            DocumentForm.field("cert", "CA certificate (PEM)", DocumentForm.Kind.BLOCK,
                    "One certificate with the CA basic constraint."),
            DocumentForm.field("cert_digest", "SHA-256 digest", DocumentForm.Kind.TEXT,
                    "Optional: hex SHA-256 of the DER, checked against the certificate."),
            DocumentForm.field("tags", "Tags", DocumentForm.Kind.LIST, "Comma-separated."));

    /** What the console shows of a certificate: never its key. */
    record Summary(GatewayEntity entity, String subject, Instant notAfter, List<String> snis) {
    }

    private final GatewayPages pages;
    private final GatewayEntities entities;

    CertificatesController(GatewayPages pages, GatewayEntities entities) {
        this.pages = pages;
        this.entities = entities;
    }

    // ---- certificates ------------------------------------------------------------------------------------

    @GetMapping("/certificates")
    String certificates(@PathVariable String slug, @PathVariable String cp,
            @RequestParam(required = false) String after, Model model) {
        return listPage(slug, cp, EntityType.CERTIFICATE, after, FormState.empty(), model);
    }

    @PostMapping("/certificates")
    String createCertificate(@PathVariable String slug, @PathVariable String cp,
            @RequestParam Map<String, String> params, Model model, HttpServletResponse response) {
        pages.requireEditor();
        return pages.create(response, CERTIFICATE_FORM, params, "snis",
                body -> entities.create(cp, EntityType.CERTIFICATE, null, body).entity(),
                created -> GatewayPages.planePath(slug, cp) + "/certificates/" + created.id(),
                form -> listPage(slug, cp, EntityType.CERTIFICATE, null, form, model));
    }

    @GetMapping("/certificates/{id}")
    String certificate(@PathVariable String slug, @PathVariable String cp, @PathVariable String id, Model model) {
        pages.read(slug, cp, model);
        GatewayEntity found = entities.get(cp, EntityType.CERTIFICATE, null, id);
        return certificatePage(cp, found, pages.shown(CERTIFICATE_FORM, found), FormState.empty(), model);
    }

    /** Replaces the PEM, the server names or the tags; an empty key keeps the stored one. */
    @PostMapping("/certificates/{id}")
    String updateCertificate(@PathVariable String slug, @PathVariable String cp, @PathVariable String id,
            @RequestParam Map<String, String> params, Model model, HttpServletResponse response) {
        pages.requireEditor();
        pages.read(slug, cp, model);
        GatewayEntity current = entities.get(cp, EntityType.CERTIFICATE, null, id);
        return pages.update(response, CERTIFICATE_FORM, params, current, "snis",
                (body, version) -> entities.upsert(cp, EntityType.CERTIFICATE, null, current.id().toString(), body,
                        version).entity(),
                saved -> GatewayPages.planePath(slug, cp) + "/certificates/" + saved.id(),
                form -> certificatePage(cp, current, form, FormState.empty(), model));
    }

    @PostMapping("/certificates/{id}/delete")
    String deleteCertificate(@PathVariable String slug, @PathVariable String cp, @PathVariable String id) {
        pages.requireEditor();
        entities.delete(cp, EntityType.CERTIFICATE, null, id, false, null);
        return "redirect:" + GatewayPages.planePath(slug, cp) + "/certificates";
    }

    @PostMapping("/certificates/{id}/snis")
    String addSni(@PathVariable String slug, @PathVariable String cp, @PathVariable String id,
            @RequestParam Map<String, String> params, Model model, HttpServletResponse response) {
        pages.requireEditor();
        pages.read(slug, cp, model);
        GatewayEntity owner = entities.get(cp, EntityType.CERTIFICATE, null, id);
        return pages.create(response, SNI_FORM, params, "name",
                body -> entities.create(cp, EntityType.SNI, new Parent(EntityType.Reference.CERTIFICATE,
                        owner.id().toString()), body).entity(),
                created -> GatewayPages.planePath(slug, cp) + "/certificates/" + owner.id(),
                form -> certificatePage(cp, owner, pages.shown(CERTIFICATE_FORM, owner), form, model));
    }

    @PostMapping("/certificates/{id}/snis/{sni}/delete")
    String deleteSni(@PathVariable String slug, @PathVariable String cp, @PathVariable String id,
            @PathVariable String sni) {
        pages.requireEditor();
        GatewayEntity owner = entities.get(cp, EntityType.CERTIFICATE, null, id);
        entities.delete(cp, EntityType.SNI, new Parent(EntityType.Reference.CERTIFICATE, owner.id().toString()), sni,
                false, null);
        return "redirect:" + GatewayPages.planePath(slug, cp) + "/certificates/" + owner.id();
    }

    // ---- CA certificates ---------------------------------------------------------------------------------

    @GetMapping("/ca-certificates")
    String caCertificates(@PathVariable String slug, @PathVariable String cp,
            @RequestParam(required = false) String after, Model model) {
        return listPage(slug, cp, EntityType.CA_CERTIFICATE, after, FormState.empty(), model);
    }

    @PostMapping("/ca-certificates")
    String createCaCertificate(@PathVariable String slug, @PathVariable String cp,
            @RequestParam Map<String, String> params, Model model, HttpServletResponse response) {
        pages.requireEditor();
        return pages.create(response, CA_FORM, params, "cert",
                body -> entities.create(cp, EntityType.CA_CERTIFICATE, null, body).entity(),
                created -> GatewayPages.planePath(slug, cp) + "/ca-certificates",
                form -> listPage(slug, cp, EntityType.CA_CERTIFICATE, null, form, model));
    }

    @PostMapping("/ca-certificates/{id}/delete")
    String deleteCaCertificate(@PathVariable String slug, @PathVariable String cp, @PathVariable String id) {
        pages.requireEditor();
        entities.delete(cp, EntityType.CA_CERTIFICATE, null, id, false, null);
        return "redirect:" + GatewayPages.planePath(slug, cp) + "/ca-certificates";
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private String listPage(String slug, String cp, EntityType type, String after, FormState form, Model model) {
        EntityPage page = pages.listPage(pages.read(slug, cp, model), type, after, form, model);
        List<Summary> rows = new ArrayList<>();
        page.data().forEach(entity -> rows.add(summary(entity)));
        model.addAttribute("rows", rows);
        boolean ca = type == EntityType.CA_CERTIFICATE;
        model.addAttribute("certificateFields", (ca ? CA_FORM : CERTIFICATE_FORM).fields());
        return ca ? "gateways/ca-certificates" : "gateways/certificates";
    }

    private String certificatePage(String cp, GatewayEntity certificate, FormState form, FormState sniForm,
            Model model) {
        model.addAttribute("certificate", summary(certificate));
        model.addAttribute("snis", pages.referencing(cp, EntityType.SNI, EntityType.Reference.CERTIFICATE,
                certificate));
        model.addAttribute("form", form);
        model.addAttribute("sniForm", sniForm);
        model.addAttribute("certificateFields", CERTIFICATE_FORM.fields());
        model.addAttribute("sniFields", SNI_FORM.fields());
        return "gateways/certificate";
    }

    private static Summary summary(GatewayEntity entity) {
        String subject = null;
        Instant notAfter = null;
        try {
            List<X509Certificate> chain = Pem.certificates(entity.document().path("cert").asString(""));
            if (!chain.isEmpty()) {
                subject = chain.get(0).getSubjectX500Principal().getName();
                notAfter = chain.get(0).getNotAfter().toInstant();
            }
        } catch (RuntimeException e) {
            subject = null;
        }
        List<String> snis = new ArrayList<>();
        entity.document().path("snis").forEach(name -> snis.add(name.asString()));
        return new Summary(entity, subject, notAfter, snis);
    }
}
