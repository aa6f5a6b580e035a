package io.gatehouse.gateway.upstream;

import java.time.Duration;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.client.HttpClient;

/**
 * Active health checks: every interval, an HTTP GET of the probe path on each target. Statuses in the
 * healthy list count as successes; other statuses, errors and timeouts as failures; the thresholds in
 * {@link HealthPolicy} turn them into health.
 */
public final class ActiveHealthChecks {

    private ActiveHealthChecks() {
    }

    /** Starts probing; returns what stops it. Does nothing when the upstream has no probe path. */
    public static Disposable start(Upstream upstream, HttpClient client, Scheduler scheduler) {
        HealthPolicy policy = upstream.health();
        if (policy.activePath() == null || policy.activeInterval().isZero()) {
            return () -> { };
        }
        return Flux.interval(Duration.ZERO, policy.activeInterval(), scheduler)
                .onBackpressureDrop()
                .concatMap(tick -> Flux.fromIterable(upstream.targets()).flatMap(target -> probe(client, target, policy)))
                .subscribe();
    }

    private static Mono<Void> probe(HttpClient client, TargetState target, HealthPolicy policy) {
        return client.get().uri("http://" + target.target().address() + policy.activePath())
                .responseSingle((response, body) -> body.then(Mono.just(response.status().code())))
                .timeout(policy.activeTimeout())
                .map(status -> policy.activeHealthyStatuses().contains(status))
                .onErrorReturn(false)
                .doOnNext(target::recordProbe)
                .then();
    }
}
