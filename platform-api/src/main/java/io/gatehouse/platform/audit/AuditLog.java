package io.gatehouse.platform.audit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import io.gatehouse.platform.tenancy.OrgId;
import io.gatehouse.platform.tenancy.TenantContext;
import jakarta.persistence.criteria.Predicate;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Records every write: who (from the security context), what (entity, id, action, the changed fields
 * with secrets masked), when (the injected clock) and from where (client IP and user agent of the
 * current request). Records join the caller's transaction, so an audited change and its record commit
 * or roll back together.
 */
@Service
public class AuditLog {

    private static final Set<String> SECRET_WORDS = Set.of("password", "secret", "token", "hash", "key", "credential",
            "private");
    private static final String MASK = "***";

    private final AuditEventRepository events;
    private final Clock clock;

    AuditLog(AuditEventRepository events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    /** Records an action on an entity of the current organization. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(String action, String entityType, Object entityId, Map<String, ?> changes) {
        record(TenantContext.currentOrg().orElse(null), currentActor(), action, entityType, entityId, changes);
    }

    /** Records a change as the fields that differ between two snapshots of an entity. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordChange(String action, String entityType, Object entityId, Map<String, ?> before,
            Map<String, ?> after) {
        record(action, entityType, entityId, diff(before, after));
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void record(OrgId org, Actor actor, String action, String entityType, Object entityId,
            Map<String, ?> changes) {
        HttpServletRequest request = currentRequest();
        events.save(new AuditEvent(org == null ? null : org.value(), clock.instant(), actor, action, entityType,
                entityId == null ? null : String.valueOf(entityId), mask(changes),
                request == null ? null : request.getRemoteAddr(),
                request == null ? null : truncate(request.getHeader("User-Agent"), 512)));
    }

    @Transactional(readOnly = true)
    public Page<AuditEvent> search(OrgId org, AuditQuery query, Pageable page) {
        Specification<AuditEvent> spec = (root, q, cb) -> {
            List<Predicate> where = new ArrayList<>();
            where.add(cb.equal(root.get("orgId"), org.value()));
            if (query.entityType() != null) where.add(cb.equal(root.get("entityType"), query.entityType()));
            if (query.entityId() != null) where.add(cb.equal(root.get("entityId"), query.entityId()));
            if (query.action() != null) where.add(cb.equal(root.get("action"), query.action()));
            if (query.actorName() != null) where.add(cb.equal(root.get("actorName"), query.actorName()));
            if (query.from() != null) where.add(cb.greaterThanOrEqualTo(root.get("occurredAt"), query.from()));
            if (query.to() != null) where.add(cb.lessThan(root.get("occurredAt"), query.to()));
            q.orderBy(cb.desc(root.get("occurredAt")));
            return cb.and(where.toArray(Predicate[]::new));
        };
        return events.findAll(spec, page);
    }

    /** The fields whose values differ, each as {@code {from, to}}; secret fields are masked. */
    public static Map<String, Object> diff(Map<String, ?> before, Map<String, ?> after) {
        Map<String, Object> changes = new LinkedHashMap<>();
        Map<String, ?> old = before == null ? Map.of() : before;
        Map<String, ?> now = after == null ? Map.of() : after;
        List<String> keys = new ArrayList<>(old.keySet());
        now.keySet().stream().filter(k -> !old.containsKey(k)).forEach(keys::add);
        for (String key : keys) {
            Object from = old.get(key);
            Object to = now.get(key);
            if (!Objects.equals(from, to)) {
                Map<String, Object> change = new LinkedHashMap<>();
                change.put("from", from);
                change.put("to", to);
                changes.put(key, change);
            }
        }
        return changes;
    }

    static Map<String, Object> mask(Map<String, ?> changes) {
        Map<String, Object> masked = new LinkedHashMap<>();
        if (changes == null) {
            return masked;
        }
        changes.forEach((key, value) -> {
            if (isSecret(key)) {
                masked.put(key, MASK);
            } else if (value instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked")
                Map<String, ?> inner = (Map<String, ?>) nested;
                masked.put(key, mask(inner));
            } else {
                masked.put(key, value);
            }
        });
        return masked;
    }

    private static boolean isSecret(String field) {
        String lower = field.toLowerCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(lower::contains);
    }

    /** The actor of the current request, from the security context. */
    public static Actor currentActor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()) {
            return Actor.ANONYMOUS;
        }
        if (authentication.getPrincipal() instanceof Actor.Source source) {
            return source.actor();
        }
        if (authentication instanceof Actor.Source source) {
            return source.actor();
        }
        return new Actor(Actor.Type.USER, null, authentication.getName());
    }

    private static HttpServletRequest currentRequest() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest()
                : null;
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
