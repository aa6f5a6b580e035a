package io.gatehouse.console.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;

/**
 * The embedded PostgreSQL on its own, for several control-plane processes on one machine to share
 * ({@code deploy/local-cluster.sh} when no local PostgreSQL server can be used). Runs from the control
 * plane's jar:
 *
 * <pre>
 * java -cp gatehouse-control-plane.jar -Dloader.main=io.gatehouse.console.embedded.StandaloneDatabase \
 *     org.springframework.boot.loader.launch.PropertiesLauncher &lt;data dir&gt; &lt;port, 0 = any free one&gt; &lt;url file&gt;
 * </pre>
 *
 * It keeps its data in {@code <data dir>} (reused on the next start), writes the JDBC URL of the
 * {@code gatehouse} database to {@code <url file>} once the server accepts connections, and runs until the
 * process is stopped (SIGTERM or SIGINT stop the server cleanly).
 */
public final class StandaloneDatabase {

    private StandaloneDatabase() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: StandaloneDatabase <data dir> <port, 0 = any free one> <url file>");
            System.exit(2);
        }
        Path dataDir = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        Path urlFile = Path.of(args[2]).toAbsolutePath();

        String url = EmbeddedDatabase.start(dataDir, port);
        writeAtomically(urlFile, url);
        System.out.println("PostgreSQL ready: " + url);
        new CountDownLatch(1).await();
    }

    private static void writeAtomically(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            Files.writeString(partial, content + System.lineSeparator());
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }
}
