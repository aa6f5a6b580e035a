package io.gatehouse.console.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;

import io.gatehouse.console.ConsoleIntegrationTest;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.identity.SignedInUser;
import io.gatehouse.platform.organizations.Organization;
import io.gatehouse.support.contacts.CustomerContacts;
import io.gatehouse.support.kb.ArticleDraft;
import io.gatehouse.support.kb.KnowledgeBase;
import io.gatehouse.support.tickets.NewTicket;
import io.gatehouse.support.tickets.SupportActor;
import io.gatehouse.support.tickets.Ticket;
import io.gatehouse.support.tickets.TicketDesk;

/**
 * The customer's support pages request by request, through the whole application (security chains, tenant
 * resolution, row-level security, the console's error advice and layout).
 */
class CustomerSupportPagesIT extends ConsoleIntegrationTest {

    @Autowired
    SupportCustomers customers;
    @Autowired
    TicketDesk desk;
    @Autowired
    CustomerContacts contacts;
    @Autowired
    KnowledgeBase knowledgeBase;

    private Organization org;
    private SignedInUser contact;
    private String base;

    @BeforeEach
    void anOrganizationWithAContact() {
        org = customers.organization(null);
        contact = customers.contact(org, "Casey Contact", null);
        base = "/orgs/" + org.getSlug() + "/support";
    }

    @Test
    void aContactFilesATicketWithAnAttachmentAndFindsItInTheListAndItsPage() throws Exception {
        MockMultipartFile log = new MockMultipartFile("files", "gateway.log", "application/octet-stream",
                "502 upstream reset\n".getBytes(StandardCharsets.UTF_8));
        MockHttpServletResponse filed = perform(multipart(base + "/tickets").file(log).with(csrf())
                .param("product", "gateway-enterprise").param("productVersion", "")
                .param("severity", "2").param("subject", "Gateway returns 502 on POST")
                .param("description", "Every POST fails since the upgrade.").param("environment", "k8s 1.30"), contact);

        assertThat(filed.getRedirectedUrl()).startsWith(base + "/tickets/");
        String page = perform(get(filed.getRedirectedUrl()), contact).getContentAsString();
        assertThat(page).contains("Gateway returns 502 on POST", "Every POST fails since the upgrade.", "k8s 1.30",
                "gateway.log", "Initial response", "Running", "left", "nav class=\"sidenav\"");
        String download = page.replaceAll("(?s).*href=\"([^\"]+/attachments/[^\"]+)\".*", "$1");
        MockHttpServletResponse file = perform(get(download), contact);
        assertThat(file.getContentAsString()).isEqualTo("502 upstream reset\n");
        assertThat(file.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(file.getHeader("Content-Disposition")).startsWith("attachment");

        String list = perform(get(base + "/tickets"), contact).getContentAsString();
        assertThat(list).contains("Gateway returns 502 on POST", "Sev 2", "Initial response: Running", "due");
        String filtered = perform(get(base + "/tickets").param("status", "RESOLVED"), contact).getContentAsString();
        assertThat(filtered).doesNotContain("Gateway returns 502 on POST").contains("No tickets match.");
        MockHttpServletResponse fragment = perform(get(base + "/tickets").param("severity", "2")
                .header("HX-Request", "true"), contact);
        assertThat(fragment.getContentAsString()).contains("Gateway returns 502 on POST").doesNotContain("<html");
    }

    @Test
    void anotherOrganizationsTicketIsNotFound() throws Exception {
        Organization other = customers.organization(null);
        SignedInUser stranger = customers.contact(other, "Sam Stranger", null);
        Ticket theirs = desk.open(SupportCustomers.actor(other, stranger), new NewTicket("mesh", null, 3,
                "Secret mesh trouble", "Only for the other org.", null));

        // Their ticket's number under my organization: the desk looks it up in mine only.
        MockHttpServletResponse byNumber = perform(get(base + "/tickets/" + theirs.number()), contact);
        assertThat(byNumber.getStatus()).isEqualTo(404);
        assertThat(byNumber.getContentAsString()).doesNotContain("Secret mesh trouble")
                .contains("We could not find that ticket.", "nav class=\"sidenav\"");
        MockHttpServletResponse reply = perform(post(base + "/tickets/" + theirs.number() + "/replies").with(csrf())
                .param("body", "hello"), contact);
        assertThat(reply.getStatus()).isEqualTo(404);
        // Their organization's pages themselves do not exist for me.
        MockHttpServletResponse theirPages = perform(get("/orgs/" + other.getSlug() + "/support/tickets/"
                + theirs.number()), contact);
        assertThat(theirPages.getStatus()).isEqualTo(404);
        assertThat(theirPages.getContentAsString()).doesNotContain("Secret mesh trouble");
        assertThat(perform(get(base + "/tickets"), contact).getContentAsString()).doesNotContain("Secret mesh trouble");
    }

    @Test
    void aMemberWhoIsNotAContactIsToldWhyAndCannotFile() throws Exception {
        SignedInUser member = customers.member(org, "Morgan Member", OrgRole.EDITOR, null);

        MockHttpServletResponse form = perform(get(base + "/tickets/new"), member);
        assertThat(form.getStatus()).isEqualTo(403);
        assertThat(form.getContentAsString()).contains("Only your organization&#39;s designated support contacts")
                .doesNotContain("File the ticket");
        MockHttpServletResponse filed = perform(post(base + "/tickets").with(csrf()).param("product", "mesh")
                .param("severity", "3").param("subject", "Let me in").param("description", "Please."), member);
        assertThat(filed.getStatus()).isEqualTo(403);
        assertThat(filed.getContentAsString()).contains("designated support contacts");
        assertThat(perform(get(base + "/tickets"), member).getContentAsString()).doesNotContain("File a ticket</a>");

        contacts.setTrainingRequired(org.orgId(), contact.userId(), true);
        MockHttpServletResponse trained = perform(get(base + "/tickets/new"), contact);
        assertThat(trained.getStatus()).isEqualTo(403);
        assertThat(trained.getContentAsString()).contains("complete the product training");
    }

    @Test
    void aRejectedTicketShowsEachMessageNextToItsFieldAndKeepsWhatWasTyped() throws Exception {
        MockHttpServletResponse response = perform(post(base + "/tickets").with(csrf()).param("product", "insomnia")
                .param("productVersion", "").param("severity", "1").param("subject", "")
                .param("description", "Crashes on start.").param("environment", "macOS 15"), contact);

        assertThat(response.getStatus()).isEqualTo(400);
        String page = response.getContentAsString();
        assertThat(page).contains("id=\"severity-error\"", "Insomnia issues are severity 3 or 4 only.",
                "id=\"subject-error\"", "Give the ticket a subject.", "Crashes on start.", "macOS 15")
                .doesNotContain("id=\"description-error\"");
        // The published criteria are shown where the severity is chosen.
        assertThat(page).contains("Production is down or severely impacted", "Insomnia issues are severity 3 or 4 only.");

        MockHttpServletResponse unknownVersion = perform(post(base + "/tickets").with(csrf())
                .param("product", "gateway-enterprise").param("productVersion", "0.0.0-not-released")
                .param("severity", "2").param("subject", "Old gateway").param("description", "Crashes."), contact);
        assertThat(unknownVersion.getStatus()).isEqualTo(400);
        assertThat(unknownVersion.getContentAsString()).contains("id=\"productVersion-error\"",
                "Choose a version of Gateway Enterprise from the list");

        MockMultipartFile fake = new MockMultipartFile("files", "screen.png", "image/png", "not a png".getBytes());
        MockHttpServletResponse badFile = perform(multipart(base + "/tickets").file(fake).with(csrf())
                .param("product", "mesh").param("severity", "3").param("subject", "Sidecar restarts " + UUID.randomUUID())
                .param("description", "Every hour."), contact);
        assertThat(badFile.getStatus()).isEqualTo(400);
        assertThat(badFile.getContentAsString()).contains("id=\"files-error\"", "screen.png: The file is not a image/png file.");
        // The refused file left no ticket behind.
        assertThat(desk.ofMyOrganization(SupportCustomers.actor(org, contact))).isEmpty();
    }

    @Test
    void knowledgeBaseArticlesAreSuggestedForASubjectAsAFragmentAndSearchedAsAPage() throws Exception {
        String word = "zq" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        knowledgeBase.save(new ArticleDraft("fix-" + word, "Fixing " + word + " timeouts",
                "When the " + word + " times out, raise `proxy_read_timeout`.", null, true));

        MockHttpServletResponse fragment = perform(get(base + "/kb").param("subject", word + " keeps failing")
                .header("HX-Request", "true"), contact);
        assertThat(fragment.getContentAsString()).contains("Fixing " + word + " timeouts",
                "href=\"" + base + "/kb/fix-" + word + "\"", "<mark>").doesNotContain("<html", "sidenav");

        MockHttpServletResponse page = perform(get(base + "/kb").param("q", word), contact);
        assertThat(page.getContentAsString()).contains("<html", "Fixing " + word + " timeouts", "Knowledge base");
        assertThat(perform(get(base + "/kb").param("subject", "qx" + UUID.randomUUID().toString().substring(0, 8) + " jammed").header("HX-Request", "true"),
                contact).getContentAsString()).contains("No articles match.");
    }

    @Test
    void anArticleIsRenderedFromMarkdownWithItsHtmlEscaped() throws Exception {
        String slug = "safe-" + UUID.randomUUID().toString().substring(0, 8);
        knowledgeBase.save(new ArticleDraft(slug, "Rotating keys", """
                ## Steps

                1. Run `gatehouse keys rotate`.
                2. **Restart** the gateway.

                <script>alert('x')</script>

                See [click](javascript:alert%281%29) and [the docs](https://docs.example.com/keys).
                """, null, true));

        String page = perform(get(base + "/kb/" + slug), contact).getContentAsString();
        assertThat(page).contains("<h2>Steps</h2>", "<code>gatehouse keys rotate</code>", "<strong>Restart</strong>",
                "&lt;script&gt;", "href=\"https://docs.example.com/keys\">the docs</a>", ">click</a>")
                .doesNotContain("<script>alert", "href=\"javascript");
        assertThat(perform(get(base + "/kb/no-such-" + slug), contact).getStatus()).isEqualTo(404);
    }

    @Test
    void aReplyOnAStaleTicketIsAConflictThatSaysSoAndKeepsTheReply() throws Exception {
        SupportActor me = SupportCustomers.actor(org, contact);
        Ticket ticket = desk.open(me, new NewTicket("mesh", null, 3, "Sidecar restarts", "Every hour.", null));
        SupportActor engineer = customers.engineer();
        desk.reply(engineer, ticket.id(), "Which mesh version?", null, true);

        MockHttpServletResponse stale = perform(post(base + "/tickets/" + ticket.number() + "/replies").with(csrf())
                .param("body", "It is 2.9.").param("expectedVersion", String.valueOf(ticket.version())), contact);
        assertThat(stale.getStatus()).isEqualTo(409);
        assertThat(stale.getContentAsString()).contains("was changed by someone else since you loaded it",
                "It is 2.9.", "Which mesh version?");

        Ticket now = desk.get(me, ticket.id());
        MockHttpServletResponse fresh = perform(post(base + "/tickets/" + ticket.number() + "/replies").with(csrf())
                .param("body", "It is 2.9.").param("expectedVersion", String.valueOf(now.version())), contact);
        assertThat(fresh.getRedirectedUrl()).isEqualTo(base + "/tickets/" + ticket.number());
        String page = perform(get(fresh.getRedirectedUrl()), contact).getContentAsString();
        assertThat(page).contains("It is 2.9.", "Mark as resolved");

        Ticket replied = desk.get(me, ticket.id());
        MockHttpServletResponse resolved = perform(post(base + "/tickets/" + ticket.number() + "/status").with(csrf())
                .param("status", "RESOLVED").param("expectedVersion", String.valueOf(replied.version())), contact);
        assertThat(resolved.getRedirectedUrl()).isEqualTo(base + "/tickets/" + ticket.number());
        assertThat(perform(get(resolved.getRedirectedUrl()), contact).getContentAsString())
                .contains("<dd id=\"ticket-status\">Resolved</dd>", "Reopen").doesNotContain("Mark as resolved");
    }

    @Test
    void anAdminDesignatesContactsWithinTheSubscriptionsLimit() throws Exception {
        Organization small = customers.organization(2);
        SignedInUser admin = customers.member(small, "Ada Admin", OrgRole.ADMIN, null);
        SignedInUser first = customers.member(small, "First Member", OrgRole.VIEWER, null);
        SignedInUser second = customers.member(small, "Second Member", OrgRole.VIEWER, null);
        SignedInUser third = customers.member(small, "Third Member", OrgRole.VIEWER, null);
        String contactsPage = "/orgs/" + small.getSlug() + "/support/contacts";

        for (SignedInUser designated : List.of(first, second)) {
            MockHttpServletResponse done = perform(post(contactsPage).with(csrf())
                    .param("userId", designated.userId().toString()), admin);
            assertThat(done.getRedirectedUrl()).isEqualTo(contactsPage);
        }
        assertThat(perform(get(contactsPage), admin).getContentAsString())
                .contains("2 of 2 contacts allowed by your subscription are designated.", "First Member", "Second Member");

        MockHttpServletResponse over = perform(post(contactsPage).with(csrf()).param("userId", third.userId().toString()), admin);
        assertThat(over.getStatus()).isEqualTo(400);
        assertThat(over.getContentAsString()).contains("id=\"userId-error\"", "The subscription allows 2 support contacts");

        // A member who is not an admin sees the contacts but may not change them.
        assertThat(perform(get(contactsPage), third).getContentAsString()).contains("First Member").doesNotContain("Designate a contact");
        assertThat(perform(post(contactsPage).with(csrf()).param("userId", third.userId().toString()), third).getStatus())
                .isEqualTo(403);

        MockHttpServletResponse removed = perform(post(contactsPage + "/" + first.userId() + "/remove").with(csrf()), admin);
        assertThat(removed.getRedirectedUrl()).isEqualTo(contactsPage);
        assertThat(perform(get(contactsPage), admin).getContentAsString())
                .contains("1 of 2 contacts allowed").doesNotContain("<td>First Member</td>");
    }

    @Test
    void theSideNavigationLeadsMembersToSupport() throws Exception {
        SignedInUser viewer = customers.member(org, "Vic Viewer", OrgRole.VIEWER, null);
        String overview = perform(get("/orgs/" + org.getSlug()), viewer).getContentAsString();
        assertThat(overview).contains("href=\"" + base + "/tickets\"");
        String list = perform(get(base + "/tickets"), viewer).getContentAsString();
        assertThat(list).contains("aria-current=\"page\">Support</a>");
    }

    private MockHttpServletResponse perform(AbstractMockHttpServletRequestBuilder<?> request, SignedInUser as) throws Exception {
        return mvc.perform(request.with(user(as))).andReturn().getResponse();
    }
}
