package io.gatehouse.gateway.router;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An immutable routing table compiled into an index, so that matching does not walk every route.
 *
 * <p>Routes are bucketed by host: one hash map for exact hosts, one for leading wildcards keyed by
 * suffix ({@code *.example.com} → {@code .example.com}), one for trailing wildcards keyed by prefix
 * ({@code api.example.*} → {@code api.example.}), and a bucket for routes without hosts. A lookup costs
 * one probe per label of the request host. Inside a bucket, a prefix path that reaches past its first
 * segment ({@code /orders/v1}) can only match paths with that exact first segment, so such prefixes are
 * grouped by first segment: one hash probe finds the group, then the request path's prefix is probed at
 * each distinct prefix length of that group (usually one or two). Prefixes within one segment
 * ({@code /ord}) sit in a small table probed the same way. Lookup cost therefore does not grow with the
 * number of routes. Regex paths are tried in {@code regex_priority} order; routes without paths are always
 * candidates.
 *
 * <p>Among the candidates that match (host, path, methods, headers), the winner follows Kong's
 * precedence: more matching categories first (host, headers, path, methods, weighted in that order),
 * then the explicit {@code priority}, exact hosts before wildcards, regex paths (by {@code regex_priority})
 * before prefixes, longer prefixes first, more header rules first, and finally declaration order.
 */
public final class Router {

    private static final int HOST = 0x40;
    private static final int HEADER = 0x20;
    private static final int PATH = 0x10;
    private static final int METHOD = 0x08;
    private static final int SNI = 0x04;
    private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

    private final Map<String, Bucket> exactHosts;
    private final Map<String, Bucket> suffixHosts;
    private final Map<String, Bucket> prefixHosts;
    private final Bucket anyHost;
    /** Every route by id, for {@link #patch}. */
    private final Map<String, Compiled> byId;
    /** False when routes have no declaration order (a synced config): ties then go to the smaller route id. */
    private final boolean declared;
    private final int nextOrder;
    private final int size;

    private Router(List<Route> routes, boolean declared) {
        this.exactHosts = new HashMap<>();
        this.suffixHosts = new HashMap<>();
        this.prefixHosts = new HashMap<>();
        this.anyHost = new Bucket();
        this.byId = new HashMap<>(Math.max(16, routes.size() * 4 / 3 + 1));
        this.declared = declared;
        int order = 0;
        Edit building = new Edit(this, false);
        for (Route route : routes) {
            Compiled compiled = new Compiled(route, declared ? order : 0);
            order++;
            byId.putIfAbsent(route.id(), compiled);
            place(compiled, building);
        }
        exactHosts.values().forEach(Bucket::freeze);
        suffixHosts.values().forEach(Bucket::freeze);
        prefixHosts.values().forEach(Bucket::freeze);
        anyHost.freeze();
        this.nextOrder = order;
        this.size = routes.size();
    }

    /** A copy of {@code base} sharing every bucket, to be edited by {@link #patch} (copy on write). */
    private Router(Router base) {
        this.exactHosts = new HashMap<>(base.exactHosts);
        this.suffixHosts = new HashMap<>(base.suffixHosts);
        this.prefixHosts = new HashMap<>(base.prefixHosts);
        this.anyHost = base.anyHost.copy();
        this.byId = new HashMap<>(base.byId);
        this.declared = base.declared;
        this.nextOrder = base.nextOrder;
        this.size = 0;
    }

    private Router(Router edited, int nextOrder) {
        this.exactHosts = edited.exactHosts;
        this.suffixHosts = edited.suffixHosts;
        this.prefixHosts = edited.prefixHosts;
        this.anyHost = edited.anyHost;
        this.byId = edited.byId;
        this.declared = edited.declared;
        this.nextOrder = nextOrder;
        this.size = edited.byId.size();
    }

    /** Compiles routes into a table; a route's position is its declaration order (the last tie breaker). */
    public static Router compile(List<Route> routes) {
        return new Router(routes, true);
    }

    /**
     * Compiles routes that have no declaration order (a synced config, whose entities are a set): of two routes that
     * tie on everything else, the one with the smaller id wins. Such a table can be {@link #patch patched} with the
     * same result as compiling the patched set of routes.
     */
    public static Router compileUnordered(List<Route> routes) {
        return new Router(routes, false);
    }

    /**
     * This table with the routes of the given ids removed and {@code added} put in (replacing routes of the same
     * id), built without touching this one: only the host buckets and path tables the changed routes sit in are
     * copied, so a one-route change costs little in a table of 100,000 routes. Added routes come after every route
     * in declaration order (in an {@link #compileUnordered unordered} table, the id decides, as ever).
     */
    public Router patch(java.util.Collection<String> removed, List<Route> added) {
        Router next = new Router(this);
        Edit edit = new Edit(next, true);
        for (String id : removed) {
            Compiled old = next.byId.remove(id);
            if (old != null) {
                next.unplace(old, edit);
            }
        }
        int order = nextOrder;
        for (Route route : added) {
            Compiled old = next.byId.remove(route.id());
            if (old != null) {
                next.unplace(old, edit);
            }
            Compiled compiled = new Compiled(route, declared ? order++ : 0);
            next.byId.put(route.id(), compiled);
            next.place(compiled, edit);
        }
        edit.freeze();
        return new Router(next, order);
    }

    /** The buckets one patch has copied (and must freeze), so each is copied once. */
    private static final class Edit {

        final Router router;
        final boolean copying;
        final java.util.Set<Bucket> copied = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

        Edit(Router router, boolean copying) {
            this.router = router;
            this.copying = copying;
        }

        Bucket bucket(Map<String, Bucket> map, String key) {
            Bucket bucket = map.get(key);
            if (bucket == null) {
                bucket = new Bucket();
                map.put(key, bucket);
                if (copying) {
                    copied.add(bucket);
                }
                return bucket;
            }
            if (copying && !copied.contains(bucket)) {
                bucket = bucket.copy();
                map.put(key, bucket);
                copied.add(bucket);
            }
            return bucket;
        }

        void freeze() {
            copied.forEach(Bucket::freeze);
            router.anyHost.freeze();
        }
    }

    private void place(Compiled compiled, Edit edit) {
        Route route = compiled.route;
        if (route.hosts().isEmpty()) {
            anyHost.add(compiled);
        }
        for (String host : route.hosts()) {
            if (host.startsWith("*.")) {
                edit.bucket(suffixHosts, host.substring(1)).add(compiled);
            } else if (host.endsWith(".*")) {
                edit.bucket(prefixHosts, host.substring(0, host.length() - 1)).add(compiled);
            } else {
                edit.bucket(exactHosts, host).add(compiled);
            }
        }
    }

    private void unplace(Compiled compiled, Edit edit) {
        Route route = compiled.route;
        if (route.hosts().isEmpty()) {
            anyHost.remove(compiled);
        }
        for (String host : route.hosts()) {
            Map<String, Bucket> map;
            String key;
            if (host.startsWith("*.")) {
                map = suffixHosts;
                key = host.substring(1);
            } else if (host.endsWith(".*")) {
                map = prefixHosts;
                key = host.substring(0, host.length() - 1);
            } else {
                map = exactHosts;
                key = host;
            }
            if (map.containsKey(key)) {
                Bucket bucket = edit.bucket(map, key);
                bucket.remove(compiled);
                if (bucket.isEmpty()) {
                    map.remove(key);
                }
            }
        }
    }

    public int size() {
        return size;
    }

    /** The route with this id, or null. */
    public Route route(String id) {
        Compiled compiled = byId.get(id);
        return compiled == null ? null : compiled.route;
    }

    /** The best route for a request, or empty when none matches. */
    public Optional<RouteMatch> match(RequestFacts request) {
        Best best = new Best();
        String host = request.host() == null ? "" : request.host().toLowerCase(Locale.ROOT);
        String bareHost = stripPort(host);
        Bucket exact = exactHosts.get(host);
        if (exact == null && !bareHost.equals(host)) {
            exact = exactHosts.get(bareHost);
        }
        if (exact != null) {
            exact.collect(request, true, best);
        }
        if (!suffixHosts.isEmpty() || !prefixHosts.isEmpty()) {
            for (int dot = bareHost.indexOf('.'); dot >= 0; dot = bareHost.indexOf('.', dot + 1)) {
                Bucket suffix = suffixHosts.get(bareHost.substring(dot));
                if (suffix != null) {
                    suffix.collect(request, false, best);
                }
                Bucket prefix = prefixHosts.get(bareHost.substring(0, dot + 1));
                if (prefix != null) {
                    prefix.collect(request, false, best);
                }
            }
        }
        anyHost.collect(request, false, best);
        return Optional.ofNullable(best.toMatch());
    }

    private static String stripPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end > 0 ? host.substring(0, end + 1) : host;
        }
        int colon = host.lastIndexOf(':');
        return colon > 0 ? host.substring(0, colon) : host;
    }

    /** A route with its precomputed ranking data and compiled regexes. */
    private static final class Compiled {
        final Route route;
        final int order;
        final int categories;
        final int weight;
        final List<Pattern> regexes = new ArrayList<>();
        final List<List<String>> groupNames = new ArrayList<>();
        final List<String> prefixes = new ArrayList<>();

        Compiled(Route route, int order) {
            this.route = route;
            this.order = order;
            int bits = 0;
            bits |= route.hosts().isEmpty() ? 0 : HOST;
            bits |= route.headers().isEmpty() ? 0 : HEADER;
            bits |= route.paths().isEmpty() ? 0 : PATH;
            bits |= route.methods().isEmpty() ? 0 : METHOD;
            bits |= route.snis().isEmpty() ? 0 : SNI;
            this.weight = bits;
            this.categories = Integer.bitCount(bits);
            for (String path : route.paths()) {
                if (path.startsWith("~")) {
                    String regex = path.substring(1);
                    regexes.add(Pattern.compile(regex));
                    List<String> names = new ArrayList<>();
                    Matcher m = GROUP_NAME.matcher(regex);
                    while (m.find()) {
                        names.add(m.group(1));
                    }
                    groupNames.add(names);
                } else {
                    prefixes.add(path);
                }
            }
        }

        boolean acceptsMethodAndHeaders(RequestFacts request) {
            if (!route.methods().isEmpty() && !route.methods().contains(request.method())) {
                return false;
            }
            if (!route.snis().isEmpty() && !sniMatches(request.sni())) {
                return false;
            }
            for (Map.Entry<String, List<String>> rule : route.headers().entrySet()) {
                String value = request.header().apply(rule.getKey());
                if (value == null || !rule.getValue().contains(value.toLowerCase(Locale.ROOT))) {
                    return false;
                }
            }
            return true;
        }

        private boolean sniMatches(String sni) {
            if (sni == null) {
                return false;
            }
            String name = sni.toLowerCase(Locale.ROOT);
            if (route.snis().contains(name)) {
                return true;
            }
            int dot = name.indexOf('.');
            return dot > 0 && route.snis().contains("*" + name.substring(dot));
        }
    }

    /** One candidate: a route and how it matched. */
    private record Candidate(Compiled compiled, boolean exactHost, boolean regex, String matchedPath,
            Map<String, String> captures) {
    }

    private static final Comparator<Candidate> PRECEDENCE = Comparator
            .comparingInt((Candidate c) -> c.compiled.categories)
            .thenComparingInt(c -> c.compiled.weight)
            .thenComparingInt(c -> c.compiled.route.priority())
            .thenComparing(c -> c.exactHost)
            .thenComparing(c -> c.regex)
            .thenComparingInt(c -> c.regex ? c.compiled.route.regexPriority() : 0)
            .thenComparingInt(c -> c.matchedPath.length())
            .thenComparingInt(c -> c.compiled.route.headers().size())
            .thenComparing(Comparator.comparingInt((Candidate c) -> c.compiled.order).reversed())
            .thenComparing(Comparator.comparing((Candidate c) -> c.compiled.route.id()).reversed());

    /** Keeps the highest-precedence candidate seen so far. */
    private static final class Best {
        Candidate current;

        void offer(Candidate candidate) {
            if (current == null || PRECEDENCE.compare(candidate, current) > 0) {
                current = candidate;
            }
        }

        RouteMatch toMatch() {
            return current == null ? null
                    : new RouteMatch(current.compiled.route, current.matchedPath, current.captures);
        }
    }

    /**
     * Prefix paths in a hash map; a lookup probes the request path's prefix at each distinct prefix length
     * held (few: one table per first segment).
     */
    private static final class PrefixTable {
        final Map<String, List<Compiled>> prefixes;
        /** True for a copy, whose lists are shared with the table it was copied from: replaced, never changed. */
        private final boolean copied;
        int[] lengths = new int[0];

        PrefixTable() {
            prefixes = new HashMap<>();
            copied = false;
        }

        private PrefixTable(PrefixTable base) {
            prefixes = new HashMap<>(base.prefixes);
            lengths = base.lengths;
            copied = true;
        }

        PrefixTable copy() {
            return new PrefixTable(this);
        }

        void add(String prefix, Compiled compiled) {
            List<Compiled> routes = prefixes.get(prefix);
            if (!copied) {
                prefixes.computeIfAbsent(prefix, p -> new ArrayList<>(1)).add(compiled);
                return;
            }
            List<Compiled> grown = new ArrayList<>(routes == null ? 1 : routes.size() + 1);
            if (routes != null) {
                grown.addAll(routes);
            }
            grown.add(compiled);
            prefixes.put(prefix, grown);
        }

        void remove(String prefix, Compiled compiled) {
            List<Compiled> routes = prefixes.get(prefix);
            if (routes == null) {
                return;
            }
            List<Compiled> left = new ArrayList<>(routes);
            left.remove(compiled);
            if (left.isEmpty()) {
                prefixes.remove(prefix);
            } else {
                prefixes.put(prefix, left);
            }
        }

        boolean isEmpty() {
            return prefixes.isEmpty();
        }

        void freeze() {
            lengths = prefixes.keySet().stream().mapToInt(String::length).distinct()
                    .map(length -> -length).sorted().map(length -> -length).toArray();
        }

        void collect(RequestFacts request, boolean exactHost, Best best) {
            String path = request.path();
            for (int length : lengths) {
                if (length > path.length()) {
                    continue;
                }
                String prefix = path.substring(0, length);
                List<Compiled> routes = prefixes.get(prefix);
                if (routes != null) {
                    Bucket.offerAll(routes, request, exactHost, best, prefix);
                }
            }
        }
    }

    /** The routes of one host key. */
    private static final class Bucket {
        /** Prefixes that reach past their first segment ({@code /orders/v1}), keyed by that first segment. */
        final Map<String, PrefixTable> bySegment;
        /** Prefixes within one segment ({@code /ord}), which can match several first segments. */
        final PrefixTable shortPrefixes;
        final List<Compiled> regexRoutes;
        final List<Compiled> pathless;
        /** The path tables a patch changed (copied from a shared bucket): only they need freezing again. */
        private java.util.Set<PrefixTable> edited;

        Bucket() {
            bySegment = new HashMap<>();
            shortPrefixes = new PrefixTable();
            regexRoutes = new ArrayList<>();
            pathless = new ArrayList<>();
        }

        private Bucket(Bucket base) {
            bySegment = new HashMap<>(base.bySegment);
            shortPrefixes = base.shortPrefixes.copy();
            regexRoutes = new ArrayList<>(base.regexRoutes);
            pathless = new ArrayList<>(base.pathless);
            edited = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        }

        /** A copy to patch: path tables stay shared until one is changed. */
        Bucket copy() {
            return new Bucket(this);
        }

        boolean isEmpty() {
            return bySegment.isEmpty() && shortPrefixes.isEmpty() && regexRoutes.isEmpty() && pathless.isEmpty();
        }

        private PrefixTable table(String segment) {
            PrefixTable table = bySegment.get(segment);
            if (edited == null) {
                return table != null ? table : bySegment.computeIfAbsent(segment, k -> new PrefixTable());
            }
            if (table == null || !edited.contains(table)) {
                table = table == null ? new PrefixTable() : table.copy();
                bySegment.put(segment, table);
                edited.add(table);
            }
            return table;
        }

        void add(Compiled compiled) {
            if (compiled.route.paths().isEmpty()) {
                pathless.add(compiled);
            }
            for (String prefix : compiled.prefixes) {
                String segment = firstSegment(prefix);
                if (segment.length() < prefix.length()) {
                    table(segment).add(prefix, compiled);
                } else {
                    shortPrefixes.add(prefix, compiled);
                }
            }
            if (!compiled.regexes.isEmpty()) {
                regexRoutes.add(compiled);
            }
        }

        void remove(Compiled compiled) {
            pathless.remove(compiled);
            regexRoutes.remove(compiled);
            for (String prefix : compiled.prefixes) {
                String segment = firstSegment(prefix);
                if (segment.length() < prefix.length()) {
                    if (bySegment.containsKey(segment)) {
                        PrefixTable table = table(segment);
                        table.remove(prefix, compiled);
                        if (table.isEmpty()) {
                            bySegment.remove(segment);
                        }
                    }
                } else {
                    shortPrefixes.remove(prefix, compiled);
                }
            }
        }

        void freeze() {
            if (edited != null) {
                edited.forEach(PrefixTable::freeze);
                edited.clear();
            } else {
                bySegment.values().forEach(PrefixTable::freeze);
            }
            shortPrefixes.freeze();
            regexRoutes.sort(Comparator.comparingInt((Compiled c) -> c.route.regexPriority()).reversed()
                    .thenComparingInt(c -> c.order).thenComparing(c -> c.route.id()));
        }

        void collect(RequestFacts request, boolean exactHost, Best best) {
            String path = request.path();
            String segment = firstSegment(path);
            if (segment.length() < path.length()) {
                PrefixTable table = bySegment.get(segment);
                if (table != null) {
                    table.collect(request, exactHost, best);
                }
            }
            shortPrefixes.collect(request, exactHost, best);
            for (Compiled compiled : regexRoutes) {
                if (!compiled.acceptsMethodAndHeaders(request)) {
                    continue;
                }
                for (int r = 0; r < compiled.regexes.size(); r++) {
                    Matcher matcher = compiled.regexes.get(r).matcher(path);
                    if (matcher.lookingAt()) {
                        Map<String, String> captures = new LinkedHashMap<>();
                        for (String name : compiled.groupNames.get(r)) {
                            String value = matcher.group(name);
                            if (value != null) {
                                captures.put(name, value);
                            }
                        }
                        best.offer(new Candidate(compiled, exactHost, true, matcher.group(), captures));
                        break;
                    }
                }
            }
            for (Compiled compiled : pathless) {
                if (compiled.acceptsMethodAndHeaders(request)) {
                    best.offer(new Candidate(compiled, exactHost, false, "", Map.of()));
                }
            }
        }

        /** The path up to (not including) the '/' that ends its first segment; the whole path if none does. */
        static String firstSegment(String path) {
            int slash = path.indexOf('/', 1);
            return slash < 0 ? path : path.substring(0, slash);
        }

        static void offerAll(List<Compiled> routes, RequestFacts request, boolean exactHost, Best best,
                String matched) {
            for (Compiled compiled : routes) {
                if (compiled.acceptsMethodAndHeaders(request)) {
                    best.offer(new Candidate(compiled, exactHost, false, matched, Map.of()));
                }
            }
        }
    }
}
