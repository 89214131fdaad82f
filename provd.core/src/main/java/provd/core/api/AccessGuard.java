package provd.core.api;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Bans addresses that probe for phones' sensitive files (those holding their credentials). A <em>miss</em> is a
 * request for a sensitive file that resolves to no file, or that belongs to a device whose address is not the
 * requester's; an address with too many misses in a short time is banned for a while. The servers ask it before
 * serving anything and report the misses they see; the core reports those it sees.
 */
@ProviderType
public interface AccessGuard {

    /** Whether requests from {@code client} are refused now. */
    boolean isBanned(InetAddress client);

    /**
     * Records a miss by {@code client}.
     *
     * @param path what it asked for, for the log
     */
    void recordMiss(InetAddress client, String path);

    /** How many misses {@code client} made since the server started. */
    long misses(InetAddress client);

    /** The addresses banned now, with the end of their ban. */
    Map<InetAddress, Instant> bans();
}
