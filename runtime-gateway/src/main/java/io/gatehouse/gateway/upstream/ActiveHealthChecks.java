package io.gatehouse.gateway.upstream;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.client.HttpClient;

/**
 * Active health checks: every interval, an HTTP GET of the probe path on each target. Statuses in the
 * healthy list count as successes, those in the unhealthy list as HTTP failures, others as neither; a probe
 * that gets no answer is a TCP failure, one that gets none in time a timeout. The per-kind thresholds in
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
                .doOnNext(status -> {
                    if (policy.activeHealthyStatuses().contains(status)) {
                        target.recordProbeSuccess();
                    } else if (policy.activeUnhealthyStatuses().contains(status)) {
                        target.recordProbeFailure(HealthPolicy.Failure.HTTP);
                    }
                })
                .onErrorResume(error -> {
                    target.recordProbeFailure(timedOut(error) ? HealthPolicy.Failure.TIMEOUT : HealthPolicy.Failure.TCP);
                    return Mono.empty();
                })
                .then();
    }

    private static boolean timedOut(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException || cause instanceof io.netty.handler.timeout.ReadTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
