package io.gatehouse.support.tickets;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import io.gatehouse.support.catalog.ProductCatalog;
import io.gatehouse.support.catalog.VersionSupport;

/** Builds the API's ticket views. */
@Component
class TicketViews {

    private final TicketDesk desk;
    private final ProductCatalog catalog;

    TicketViews(TicketDesk desk, ProductCatalog catalog) {
        this.desk = desk;
        this.catalog = catalog;
    }

    TicketDetail detail(SupportActor actor, Ticket ticket) {
        VersionSupport support = ticket.productVersion() == null ? null
                : catalog.support(ticket.product(), ticket.productVersion()).orElse(null);
        return new TicketDetail(ticket, desk.clocks(actor, ticket.id()), support, ticket.severity().criteria());
    }

    /** A download that browsers save rather than render. */
    static ResponseEntity<byte[]> file(Attachment attachment) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(attachment.contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(attachment.filename(),
                        java.nio.charset.StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .body(attachment.content());
    }
}
