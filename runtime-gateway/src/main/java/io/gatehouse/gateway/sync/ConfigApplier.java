package io.gatehouse.gateway.sync;

/**
 * The gateway runtime as config sync sees it: it compiles a config without disturbing traffic and hands
 * back the one step that swaps it in. Splitting prepare from activate lets sync persist a config only
 * once it is known to compile, and makes the swap itself a step that cannot fail.
 */
@FunctionalInterface
public interface ConfigApplier {

    /**
     * Compiles {@code config}; fails with {@link RejectedConfigException} when the runtime cannot run it.
     * @return the atomic swap to the compiled config
     */
    Runnable prepare(SyncedConfig config) throws RejectedConfigException;

    /**
     * Compiles {@code after}, which {@code delta} made from {@code before} (the config running now); an applier
     * that can change what runs in place of compiling everything does so. By default, {@link #prepare(SyncedConfig)}.
     * @return the atomic swap to the compiled config
     */
    default Runnable prepare(SyncedConfig before, Delta delta, SyncedConfig after) throws RejectedConfigException {
        return prepare(after);
    }

    /** The runtime cannot run a config; the message and details become the NACK. */
    final class RejectedConfigException extends Exception {

        private final java.util.List<String> details;

        public RejectedConfigException(String message, java.util.List<String> details) {
            super(message);
            this.details = details == null ? java.util.List.of() : java.util.List.copyOf(details);
        }

        public java.util.List<String> details() {
            return details;
        }
    }
}
