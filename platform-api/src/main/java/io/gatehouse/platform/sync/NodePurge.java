package io.gatehouse.platform.sync;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Hourly, on one replica of the cluster (an advisory lock), removes nodes silent for the purge period. */
@Component
class NodePurge {

    private static final Logger log = LoggerFactory.getLogger(NodePurge.class);

    private final NodeRegistry nodes;

    NodePurge(NodeRegistry nodes) {
        this.nodes = nodes;
    }

    @Scheduled(fixedDelayString = "${gatehouse.sync.node-purge-interval:PT1H}", initialDelayString = "PT5M")
    void purge() {
        int removed = nodes.purge();
        if (removed > 0) {
            log.info("Removed {} gateway nodes not seen for the purge period", removed);
        }
    }
}
