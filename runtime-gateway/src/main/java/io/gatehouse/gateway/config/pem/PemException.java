package io.gatehouse.gateway.config.pem;

/** A PEM text that cannot be read as what it should be; the message says why. */
public class PemException extends RuntimeException {

    public PemException(String message) {
        super(message);
    }

    public PemException(String message, Throwable cause) {
        super(message, cause);
    }

}
