package io.gatehouse.console.gateways;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import io.gatehouse.platform.gateways.controlplanes.ControlPlane;
import io.gatehouse.platform.gateways.controlplanes.ControlPlanes;
import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.sync.GatewayNode;
import io.gatehouse.platform.sync.GatewayToken;
import io.gatehouse.platform.sync.GatewayTokens;
import io.gatehouse.platform.sync.IssuedGatewayToken;
import io.gatehouse.platform.sync.NodeRegistry;
import io.gatehouse.platform.sync.SyncEndpoint;
import io.gatehouse.support.catalog.ProductCatalog;
import io.gatehouse.support.catalog.VersionSupport;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The Gateways page of a control plane: its nodes with their sync status (live, by server-sent events from
 * {@link NodeEvents}; a complete page without JavaScript), "Connect a gateway" (a gateway token shown once
 * with the exact command, {@code no-store}), the token list with revoke, the sync certificate to trust, and a
 * node's detail with its last error and "forget". Reads need VIEWER, writes EDITOR; another organization's
 * control plane is a 404 through {@link ControlPlanes}.
 */
@Controller
@RequestMapping("/orgs/{slug}/control-planes/{cp}/gateways")
class GatewayFleetController {

    /** The product whose support policy applies to gateway versions (support policy, section 7). */
    static final String GATEWAY_PRODUCT = "gateway-enterprise";
    static final String CERTIFICATE_FILE = "sync-cert.pem";
    private static final Set<String> TOKEN_FIELDS = Set.of("name");

    private final CurrentCaller callers;
    private final ControlPlanes controlPlanes;
    private final NodeRegistry nodes;
    private final GatewayTokens tokens;
    private final SyncEndpoint endpoint;
    private final NodeEvents events;
    private final ProductCatalog catalog;

    GatewayFleetController(CurrentCaller callers, ControlPlanes controlPlanes, NodeRegistry nodes, GatewayTokens tokens,
            SyncEndpoint endpoint, NodeEvents events, ProductCatalog catalog) {
        this.callers = callers;
        this.controlPlanes = controlPlanes;
        this.nodes = nodes;
        this.tokens = tokens;
        this.endpoint = endpoint;
        this.events = events;
        this.catalog = catalog;
    }

    /** The commands that start a gateway against this control plane with a token. */
    record ConnectCommand(String token, String flags, String environment) {
    }

    @GetMapping
    String page(@PathVariable String slug, @PathVariable String cp, Model model) {
        callers.requireOrgRole(OrgRole.VIEWER);
        return fleetPage(slug, controlPlanes.get(cp), FormState.of(Map.of("name", "gateways")), model);
    }

    /** The live region alone: what the page fetches when its event stream says something changed. */
    @HxRequest
    @GetMapping
    String live(@PathVariable String slug, @PathVariable String cp, Model model) {
        callers.requireOrgRole(OrgRole.VIEWER);
        live(slug, controlPlanes.get(cp), model);
        return "gateways/gateways :: live";
    }

    @GetMapping("/events")
    SseEmitter events(@PathVariable String slug, @PathVariable String cp) {
        callers.requireOrgRole(OrgRole.VIEWER);
        return events.subscribe(controlPlanes.get(cp).id());
    }

    @GetMapping("/" + CERTIFICATE_FILE)
    ResponseEntity<String> certificate(@PathVariable String slug, @PathVariable String cp) {
        callers.requireOrgRole(OrgRole.VIEWER);
        controlPlanes.get(cp);
        String pem = endpoint.certificatePem().orElseThrow(() -> new NotFoundException("sync certificate", CERTIFICATE_FILE));
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/x-pem-file"))
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(CERTIFICATE_FILE, StandardCharsets.UTF_8).build().toString())
                .body(pem);
    }

    /** "Connect a gateway": creates a token and shows it once, in the commands to run. */
    @PostMapping("/tokens")
    String createToken(@PathVariable String slug, @PathVariable String cp, @RequestParam(defaultValue = "") String name,
            Model model, HttpServletResponse response) {
        callers.requireOrgRole(OrgRole.EDITOR);
        ControlPlane plane = controlPlanes.get(cp);
        FormState form = FormState.of(Map.of("name", name));
        try {
            IssuedGatewayToken issued = tokens.create(plane, name);
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            model.addAttribute("issued", issued.details());
            model.addAttribute("command", command(issued.token()));
            return fleetPage(slug, plane, FormState.of(Map.of("name", "gateways")), model);
        } catch (InvalidInputException e) {
            form.reject(e, TOKEN_FIELDS);
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return fleetPage(slug, plane, form, model);
    }

    @PostMapping("/tokens/{token}/revoke")
    String revoke(@PathVariable String slug, @PathVariable String cp, @PathVariable UUID token) {
        callers.requireOrgRole(OrgRole.EDITOR);
        tokens.revoke(controlPlanes.get(cp), token);
        return "redirect:" + fleetPath(slug, cp);
    }

    /** Revoke from the token list: htmx swaps only the row. */
    @HxRequest
    @PostMapping("/tokens/{token}/revoke")
    String revokeRow(@PathVariable String slug, @PathVariable String cp, @PathVariable UUID token, Model model) {
        callers.requireOrgRole(OrgRole.EDITOR);
        ControlPlane plane = controlPlanes.get(cp);
        model.addAttribute("t", tokens.revoke(plane, token));
        model.addAttribute("slug", slug);
        model.addAttribute("plane", plane);
        model.addAttribute("canWrite", true);
        return "gateways/gateways :: token-row";
    }

    @GetMapping("/nodes/{node}")
    String node(@PathVariable String slug, @PathVariable String cp, @PathVariable String node, Model model) {
        callers.requireOrgRole(OrgRole.VIEWER);
        ControlPlane plane = controlPlanes.get(cp);
        GatewayNode found = nodes.get(plane, node);
        model.addAttribute("slug", slug);
        model.addAttribute("plane", plane);
        model.addAttribute("n", view(found, new HashMap<>()));
        model.addAttribute("errors", nodes.syncErrors(plane, node));
        model.addAttribute("canWrite", callers.get().hasOrgRole(OrgRole.EDITOR));
        return "gateways/node";
    }

    @PostMapping("/nodes/{node}/forget")
    String forget(@PathVariable String slug, @PathVariable String cp, @PathVariable String node) {
        callers.requireOrgRole(OrgRole.EDITOR);
        nodes.forget(controlPlanes.get(cp), node);
        return "redirect:" + fleetPath(slug, cp);
    }

    private String fleetPage(String slug, ControlPlane plane, FormState form, Model model) {
        live(slug, plane, model);
        model.addAttribute("form", form);
        model.addAttribute("syncUrl", endpoint.url());
        model.addAttribute("secure", endpoint.secure());
        model.addAttribute("certificateFile", CERTIFICATE_FILE);
        if (!model.containsAttribute("command")) {
            model.addAttribute("command", null);
        }
        return "gateways/gateways";
    }

    private void live(String slug, ControlPlane plane, Model model) {
        Map<String, Optional<VersionSupport>> supportByVersion = new HashMap<>();
        List<NodeView> views = nodes.list(plane).stream().map(node -> view(node, supportByVersion)).toList();
        List<GatewayToken> list = tokens.list(plane);
        model.addAttribute("slug", slug);
        model.addAttribute("plane", plane);
        model.addAttribute("nodes", views);
        model.addAttribute("tokens", list);
        model.addAttribute("canWrite", callers.get().hasOrgRole(OrgRole.EDITOR));
    }

    private NodeView view(GatewayNode node, Map<String, Optional<VersionSupport>> supportByVersion) {
        return new NodeView(node, supportByVersion.computeIfAbsent(node.version(),
                version -> catalog.find(GATEWAY_PRODUCT).isPresent() ? catalog.support(GATEWAY_PRODUCT, version)
                        : Optional.empty()));
    }

    private ConnectCommand command(String token) {
        String url = endpoint.url();
        String trust = endpoint.secure() ? " --trust " + CERTIFICATE_FILE : "";
        String flags = "java -jar gatehouse-gateway.jar --control-plane " + url + " --token " + token + trust;
        String environment = "GATEHOUSE_GATEWAY_CONTROL_PLANE=" + url + " \\\n"
                + "GATEHOUSE_GATEWAY_TOKEN=" + token + " \\\n"
                + (endpoint.secure() ? "GATEHOUSE_GATEWAY_TRUST=" + CERTIFICATE_FILE + " \\\n" : "")
                + "java -jar gatehouse-gateway.jar";
        return new ConnectCommand(token, flags, environment);
    }

    static String fleetPath(String slug, String cp) {
        return GatewayPages.planePath(slug, cp) + "/gateways";
    }
}
