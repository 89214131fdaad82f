package provd.http.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {
    @TempDir
    Path home;

    private Path etc() {
        return home.resolve("etc");
    }

    private Credentials credentials(Map<String, Object> properties) throws IOException {
        return new Credentials(etc(), properties);
    }

    private String adminToken() throws IOException {
        return Files.readString(etc().resolve(Credentials.ADMIN_TOKEN_FILE)).trim();
    }

    @Test
    void aTokenClient() throws IOException {
        Credentials credentials = credentials(Map.of("token.wazo", "t0ken-wazo",
                "acl.wazo", " provd.dev_mgr.# ,provd.read,, "));
        Credentials.Principal principal = credentials.byToken("t0ken-wazo").orElseThrow();
        assertEquals("wazo", principal.name());
        assertEquals(List.of("provd.dev_mgr.#", "provd.read"), principal.acl());
        assertTrue(principal.may("provd.dev_mgr.devices.ab12.read"));
        assertTrue(principal.may("provd.read"));
        assertFalse(principal.may("provd.cfg_mgr.read"));
        assertEquals(Optional.empty(), credentials.byToken("t0ken-wazo2"));
        assertEquals(Optional.empty(), credentials.byToken(""));
        assertEquals(Optional.empty(), credentials.byPassword("wazo", "t0ken-wazo"), "a token is no password");
        assertFalse(Files.exists(etc().resolve(Credentials.ADMIN_TOKEN_FILE)), "no admin token when configured");
    }

    @Test
    void passwordsArePerUser() throws IOException {
        Credentials credentials = credentials(Map.of(
                "password.alice", "same-pw", "acl.alice", "provd.#",
                "password.bob", "bob-pw", "acl.bob", "provd.read"));
        assertEquals("alice", credentials.byPassword("alice", "same-pw").orElseThrow().name());
        assertEquals(List.of("provd.read"), credentials.byPassword("bob", "bob-pw").orElseThrow().acl());
        assertEquals(Optional.empty(), credentials.byPassword("bob", "same-pw"), "alice's password is not bob's");
        assertEquals(Optional.empty(), credentials.byPassword("alice", "bob-pw"));
        assertEquals(Optional.empty(), credentials.byPassword("carol", "same-pw"));
        assertEquals(Optional.empty(), credentials.byPassword("Alice", "same-pw"));
        assertEquals(Optional.empty(), credentials.byToken("same-pw"), "a password is no token");
    }

    @Test
    void aClientMayHaveBothATokenAndAPassword() throws IOException {
        Credentials credentials = credentials(Map.of("token.ops", "tk", "password.ops", "pw", "acl.ops", "provd.#"));
        assertEquals("ops", credentials.byToken("tk").orElseThrow().name());
        assertEquals("ops", credentials.byPassword("ops", "pw").orElseThrow().name());
    }

    @Test
    void secretsAreTrimmed() throws IOException {
        Credentials credentials = credentials(Map.of("token.a", "  tk \n", "acl.a", "provd.#"));
        assertTrue(credentials.byToken("tk").isPresent());
        assertFalse(credentials.byToken("  tk \n").isPresent());
    }

    @Test
    void aClientWithoutAclMayDoNothing() throws IOException {
        Credentials credentials = credentials(Map.of("token.nobody", "tk"));
        Credentials.Principal principal = credentials.byToken("tk").orElseThrow();
        assertEquals(List.of(), principal.acl());
        assertFalse(principal.may("provd.read"));
    }

    @Test
    void aClientWithoutSecretIsIgnored() throws IOException {
        Credentials credentials = credentials(Map.of("token.a", "tk", "acl.a", "provd.read",
                "acl.ghost", "provd.#", "token.blank", "   ", "acl.blank", "provd.#"));
        assertEquals("a", credentials.byToken("tk").orElseThrow().name());
        assertEquals(Optional.empty(), credentials.byToken("   "));
        assertEquals(Optional.empty(), credentials.byToken(""));
        assertFalse(Files.exists(etc().resolve(Credentials.ADMIN_TOKEN_FILE)));
    }

    @Test
    void onlyClientsWithoutSecretsMeanNoClient() throws IOException {
        Credentials credentials = credentials(Map.of("acl.ghost", "provd.#", "token.", "x"));
        assertEquals("admin", credentials.byToken(adminToken()).orElseThrow().name());
        assertEquals(Optional.empty(), credentials.byToken("x"), "token. names no client");
    }

    @Test
    void withoutClientsAnAdminTokenIsGeneratedPrivately() throws IOException {
        Credentials credentials = credentials(Map.of("service.pid", "provd.auth", "felix.fileinstall.filename",
                "file:/etc/provd.auth.cfg"));
        Path file = etc().resolve(Credentials.ADMIN_TOKEN_FILE);
        assertTrue(Files.isRegularFile(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String content = Files.readString(file);
        assertTrue(content.endsWith("\n"));
        String token = content.trim();
        assertTrue(token.matches("[A-Za-z0-9_-]{43}"), token);

        Credentials.Principal admin = credentials.byToken(token).orElseThrow();
        assertEquals("admin", admin.name());
        assertEquals(List.of("provd.#"), admin.acl());
        assertTrue(admin.may("provd.dev_mgr.devices.ab12.delete"));
        assertEquals(Optional.empty(), credentials.byPassword("admin", token), "the admin token is no password");
        try (Stream<Path> files = Files.list(etc())) {
            assertEquals(List.of(Credentials.ADMIN_TOKEN_FILE),
                    files.map(p -> p.getFileName().toString()).toList(), "no temporary file left");
        }
    }

    @Test
    void theAdminTokenIsReusedOnTheNextStart() throws IOException {
        credentials(Map.of());
        String first = adminToken();
        Credentials again = credentials(Map.of());
        assertEquals(first, adminToken());
        assertTrue(again.byToken(first).isPresent());
    }

    @Test
    void anAdminTokenWrittenByTheOperatorIsUsed() throws IOException {
        Files.createDirectories(etc());
        Files.writeString(etc().resolve(Credentials.ADMIN_TOKEN_FILE), "  chosen-by-hand  \n");
        assertTrue(credentials(Map.of()).byToken("chosen-by-hand").isPresent());
    }

    @Test
    void anEmptyAdminTokenFileIsReplaced() throws IOException {
        Files.createDirectories(etc());
        Files.writeString(etc().resolve(Credentials.ADMIN_TOKEN_FILE), " \n");
        Credentials credentials = credentials(Map.of());
        String token = adminToken();
        assertFalse(token.isEmpty());
        assertTrue(credentials.byToken(token).isPresent());
        assertEquals(Optional.empty(), credentials.byToken(""));
    }

    @Test
    void twoHomesHaveTwoTokens() throws IOException {
        credentials(Map.of());
        Credentials other = new Credentials(home.resolve("other"), Map.of());
        String otherToken = Files.readString(home.resolve("other").resolve(Credentials.ADMIN_TOKEN_FILE)).trim();
        assertNotEquals(adminToken(), otherToken);
        assertFalse(other.byToken(adminToken()).isPresent());
    }

    @Test
    void modifiedReplacesTheClients() throws IOException {
        Credentials credentials = credentials(Map.of("token.old", "old-tk", "acl.old", "provd.#"));
        credentials.modified(Map.of("token.new", "new-tk", "acl.new", "provd.read"));
        assertEquals(Optional.empty(), credentials.byToken("old-tk"));
        assertEquals("new", credentials.byToken("new-tk").orElseThrow().name());

        credentials.modified(Map.of("token.new", "new-tk", "acl.new", "provd.dev_mgr.read"));
        assertEquals(List.of("provd.dev_mgr.read"), credentials.byToken("new-tk").orElseThrow().acl());

        credentials.modified(Map.of());
        assertEquals(Optional.empty(), credentials.byToken("new-tk"));
        assertEquals("admin", credentials.byToken(adminToken()).orElseThrow().name());
    }

    @Test
    void digestsAreSha256() {
        assertEquals(32, Credentials.digest("x").length);
        assertFalse(java.util.Arrays.equals(Credentials.digest("x"), Credentials.digest("y")));
    }
}
