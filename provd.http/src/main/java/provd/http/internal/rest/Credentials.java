package provd.http.internal.rest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API's clients, from the PID {@code provd.auth} ({@code etc/provd.auth.cfg}): for each client
 * {@code <name>}, {@code token.<name>} (sent as {@code X-Auth-Token}) and/or {@code password.<name>} (HTTP Basic as
 * user {@code <name>}), and {@code acl.<name>}, a comma-separated list of ACL patterns. When no client is configured
 * an admin token ({@code provd.#}) is generated once into {@code <home>/etc/admin.token}, readable by the server's
 * user only; its location is logged, never its value.
 *
 * <p>Secrets are compared by their SHA-256 digests with {@link MessageDigest#isEqual}, in time independent of where
 * they differ; every client is compared, so the time does not tell which one matched either.
 */
@Component(service = Credentials.class, configurationPid = Credentials.PID)
public final class Credentials {
    static final String PID = "provd.auth";
    static final String ADMIN_TOKEN_FILE = "admin.token";
    private static final Logger LOG = LoggerFactory.getLogger(Credentials.class);
    private static final List<String> ADMIN_ACL = List.of("provd.#");

    /** A client: the digests of its secrets (empty when it has none of that kind) and its ACL patterns. */
    private record Client(String name, Optional<byte[]> tokenDigest, Optional<byte[]> passwordDigest,
            List<String> acl) {
    }

    /** Who a request comes from, once authenticated. */
    record Principal(String name, List<String> acl) {
        boolean may(String needed) {
            return Acl.grants(acl, needed);
        }
    }

    private final Path etc;
    private volatile List<Client> clients = List.of();

    @Activate
    public Credentials(BundleContext context, Map<String, Object> properties) throws IOException {
        this(home(context).resolve("etc"), properties);
    }

    Credentials(Path etc, Map<String, Object> properties) throws IOException {
        this.etc = etc;
        modified(properties);
    }

    private static Path home(BundleContext context) {
        String home = context.getProperty("provd.home");
        return Path.of(home == null || home.isBlank() ? "provd-home" : home).toAbsolutePath().normalize();
    }

    @Modified
    void modified(Map<String, Object> properties) throws IOException {
        List<Client> configured = parse(properties);
        if (configured.isEmpty()) {
            configured = List.of(new Client("admin", Optional.of(digest(adminToken())), Optional.empty(), ADMIN_ACL));
        }
        clients = List.copyOf(configured);
        LOG.info("REST API clients: {}", clients.stream().map(Client::name).sorted().toList());
    }

    /** The client presenting this token, if any. */
    Optional<Principal> byToken(String token) {
        return find(digest(token), Client::tokenDigest, null);
    }

    /** The client with this user name and password, if any. */
    Optional<Principal> byPassword(String user, String password) {
        return find(digest(password), Client::passwordDigest, user);
    }

    private Optional<Principal> find(byte[] presented, Function<Client, Optional<byte[]>> secret,
            String user) {
        Principal found = null;
        for (Client client : clients) {
            Optional<byte[]> expected = secret.apply(client);
            boolean match = expected.isPresent() && MessageDigest.isEqual(expected.get(), presented)
                    && (user == null || user.equals(client.name()));
            if (match && found == null) {
                found = new Principal(client.name(), client.acl());
            }
        }
        return Optional.ofNullable(found);
    }

    private static List<Client> parse(Map<String, Object> properties) {
        Set<String> names = new TreeSet<>();
        for (String key : properties.keySet()) {
            for (String prefix : List.of("token.", "password.", "acl.")) {
                if (key.startsWith(prefix) && key.length() > prefix.length()) {
                    names.add(key.substring(prefix.length()));
                }
            }
        }
        List<Client> clients = new ArrayList<>();
        for (String name : names) {
            Optional<String> token = text(properties.get("token." + name));
            Optional<String> password = text(properties.get("password." + name));
            if (token.isEmpty() && password.isEmpty()) {
                LOG.warn("REST API client {} has neither token.{} nor password.{}: ignored", name, name, name);
                continue;
            }
            List<String> acl = text(properties.get("acl." + name))
                    .map(a -> List.of(a.split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList())
                    .orElse(List.of());
            if (acl.isEmpty()) {
                LOG.warn("REST API client {} has no acl.{}: it may do nothing", name, name);
            }
            clients.add(new Client(name, token.map(Credentials::digest), password.map(Credentials::digest), acl));
        }
        return clients;
    }

    private static Optional<String> text(Object value) {
        return value == null ? Optional.empty() : Optional.of(String.valueOf(value).trim()).filter(s -> !s.isEmpty());
    }

    /** The generated admin token: read back from its file, or made and written there on first start. */
    private String adminToken() throws IOException {
        Path file = etc.resolve(ADMIN_TOKEN_FILE);
        try {
            String token = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!token.isEmpty()) {
                LOG.info("no REST API client configured in etc/{}.cfg: the admin token is in {}", PID, file);
                return token;
            }
        } catch (NoSuchFileException firstStart) {
            // made below
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        writePrivately(file, (token + "\n").getBytes(StandardCharsets.UTF_8));
        LOG.info("no REST API client configured in etc/{}.cfg: generated an admin token into {}", PID, file);
        return token;
    }

    private static void writePrivately(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.WRITE,
                    StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                channel.write(ByteBuffer.wrap(content));
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JVM", e);
        }
    }
}
