package io.gatehouse.platform.sync;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.gatehouse.platform.jobs.ClusterJobs;

/** Hourly, once per cluster ({@link ClusterJobs}), removes nodes silent for the purge period. */
@Component
class NodePurge {

    private static final Logger log = LoggerFactory.getLogger(NodePurge.class);

    private final NodeRegistry nodes;
    private final ClusterJobs jobs;
    private final Duration interval;

    NodePurge(NodeRegistry nodes, ClusterJobs jobs, @Value("${gatehouse.sync.node-purge-interval:PT1H}") Duration interval) {
        this.nodes = nodes;
        this.jobs = jobs;
        this.interval = interval;
    }

    @Scheduled(fixedDelayString = "${gatehouse.sync.node-purge-interval:PT1H}", initialDelayString = "PT5M")
    void purge() {
        jobs.runOnce("gateway-node-purge", interval, () -> {
            int removed = nodes.purge();
            if (removed > 0) {
                log.info("Removed {} gateway nodes not seen for the purge period", removed);
            }
            return removed + " nodes removed";
        });
    }
}
