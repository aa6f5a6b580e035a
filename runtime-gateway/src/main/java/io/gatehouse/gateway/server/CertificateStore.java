package io.gatehouse.gateway.server;

import io.gatehouse.gateway.config.CertificateDefinition;
import io.gatehouse.gateway.config.SniDefinition;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The TLS certificates in force, swapped atomically whenever a configuration is applied (DB-less reload, POST
 * /config, config sync) and read by the TLS listener at each handshake: a certificate or SNI added, replaced or
 * removed applies to the next connection without a restart, while established connections keep the certificate
 * they were given. A config whose certificates and SNIs are unchanged reuses the compiled table, so unrelated
 * changes cost no PEM parsing and keep TLS session caches.
 */
public final class CertificateStore implements Supplier<Certificates> {

    private record Entry(List<CertificateDefinition> certificates, List<SniDefinition> snis, Certificates compiled) {
    }

    private final AtomicReference<Entry> current =
            new AtomicReference<>(new Entry(List.of(), List.of(), Certificates.none()));

    /** The certificates of the running configuration ({@link Certificates#none()} before the first one). */
    @Override
    public Certificates get() {
        return current.get().compiled();
    }

    /**
     * Compiles the certificates of a configuration about to be applied, without installing them; the returned
     * step installs them (run it together with the config swap).
     *
     * @throws IllegalArgumentException when a certificate or key does not parse
     */
    public Runnable prepare(List<CertificateDefinition> certificates, List<SniDefinition> snis) {
        List<CertificateDefinition> certs = List.copyOf(certificates);
        List<SniDefinition> names = List.copyOf(snis);
        Entry running = current.get();
        Certificates compiled = running.certificates().equals(certs) && running.snis().equals(names)
                ? running.compiled() : Certificates.of(certs, names);
        Entry next = new Entry(certs, names, compiled);
        return () -> current.set(next);
    }

    /** Compiles and installs at once. */
    public void set(List<CertificateDefinition> certificates, List<SniDefinition> snis) {
        prepare(certificates, snis).run();
    }
}
