package provd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import provd.it.support.ProvdProcess;
import provd.it.support.TftpClient;
import provd.it.support.TftpClient.Result;

/**
 * The ban of probing addresses, against provd.jar: an address walking through known phones' credential files is
 * banned; the phones themselves, and many new phones booting behind one address, are not.
 */
class ProbingIT {
    private static final int ACCESS_VIOLATION = 2;

    @TempDir
    Path dir;

    @Test
    void anAddressWalkingThroughKnownPhonesFilesIsBannedAndPhonesAreNot() throws Exception {
        try (ProvdProcess provd = ProvdProcess.start(dir.resolve("home"))) {
            provd.deployTestPlugin(dir);
            int port = provd.tftpPort();

            for (int i = 1; i <= 15; i++) {
                assertTrue(TftpClient.get("127.0.1." + i, port, file(i)).ok(), "first contact of phone " + i);
            }

            int served = 0;
            Result last = null;
            for (int i = 1; i <= 15; i++) {
                last = TftpClient.get("127.0.9.9", port, file(i));
                if (last.ok()) {
                    served++;
                }
            }
            assertEquals(10, served, "10 misses are allowed, then the address is banned");
            assertEquals(ACCESS_VIOLATION, last.errorCode());
            assertEquals(ACCESS_VIOLATION, TftpClient.get("127.0.9.9", port, file(99)).errorCode());
            provd.awaitLog("security-event type=ban");
            assertTrue(provd.log().contains("ip=127.0.9.9"), provd.log());

            assertTrue(TftpClient.get("127.0.1.3", port, file(3)).ok(), "a phone fetching its own file is served");
            for (int i = 100; i < 150; i++) {
                assertTrue(TftpClient.get("127.0.5.5", port, file(i)).ok(), "new phone " + i + " behind one address");
            }
            assertTrue(TftpClient.get("127.0.5.5", port, file(150)).ok(), "booting phones make no misses");
        }
    }

    private static String file(int phone) {
        return String.format("Test/000fd3%06x.cfg", phone);
    }
}
