package provd.fetchfw.internal.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static provd.fetchfw.internal.download.TestConfigs.config;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The typed configuration as the downloader reads it, the proxy settings, and URLs as messages show them. */
class SettingsTest {
    @TempDir
    Path home;

    @Test
    void theDefaults() {
        DownloadSettings settings = DownloadSettings.of(config(), home);
        assertEquals(home.resolve("data/cache"), settings.cacheDirectory());
        assertEquals(Duration.ofSeconds(30), settings.connectTimeout());
        assertEquals(Duration.ofSeconds(60), settings.readTimeout());
        assertEquals(5, settings.maxRedirects());
        assertEquals("direct", settings.proxies().forScheme("http").toString());
        assertEquals("direct", settings.proxies().forScheme("https").toString());
    }

    @Test
    void aRelativeCacheDirectoryIsUnderTheHomeAndAnAbsoluteOneIsKept(@TempDir Path elsewhere) {
        assertEquals(home.resolve("cache"), DownloadSettings.of(config("cache_directory", " cache "), home)
                .cacheDirectory());
        assertEquals(elsewhere, DownloadSettings.of(config("cache_directory", elsewhere.toString()), home)
                .cacheDirectory());
    }

    @Test
    void valuesOutOfRangeGetTheirDefaults() {
        DownloadSettings settings = DownloadSettings.of(config("connect_timeout_seconds", 0,
                "read_timeout_seconds", -1, "max_redirects", -3), home);
        assertEquals(Duration.ofSeconds(30), settings.connectTimeout());
        assertEquals(Duration.ofSeconds(60), settings.readTimeout());
        assertEquals(5, settings.maxRedirects());
        assertEquals(0, DownloadSettings.of(config("max_redirects", 0), home).maxRedirects());
    }

    @ParameterizedTest
    @CsvSource({
        "proxy.example.com:3128, proxy.example.com, 3128, false",
        "192.0.2.1:8080, 192.0.2.1, 8080, false",
        "[2001:db8::1]:3128, 2001:db8::1, 3128, false",
        "http://proxy:80, proxy, 80, false",
        "http://proxy:80/, proxy, 80, false",
        "HTTP://user:pa%3Ass@proxy.example.com:3128, proxy.example.com, 3128, true",
        "http://[2001:db8::1]:3128, 2001:db8::1, 3128, false"})
    void proxySettingsRead(String value, String host, int port, boolean credentials) {
        ProxySetting proxy = ProxySetting.parse("http.proxy", value);
        assertEquals(Optional.empty(), proxy.problem());
        InetSocketAddress address = proxy.address().orElseThrow();
        assertEquals(host, address.getHostString());
        assertEquals(port, address.getPort());
        assertTrue(address.isUnresolved());
        assertEquals(credentials, proxy.credentials().isPresent());
        assertTrue(proxy.isAt(host.toUpperCase(), port));
    }

    @Test
    void credentialsArePercentDecodedAndNeverShown() {
        ProxySetting proxy = ProxySetting.parse("http.proxy", "http://us%40er:pa%3Ass@proxy:3128");
        assertEquals("us@er", proxy.credentials().orElseThrow().getUserName());
        assertEquals("pa:ss", new String(proxy.credentials().orElseThrow().getPassword()));
        assertEquals("proxy:3128 (with credentials)", proxy.toString());
    }

    @Test
    void anEmptySettingIsDirect() {
        assertEquals("direct", ProxySetting.parse("http.proxy", "  ").toString());
        assertEquals(Optional.empty(), ProxySetting.parse("http.proxy", null).address());
    }

    @ParameterizedTest
    @ValueSource(strings = {"proxyhost", "socks5://proxy:1080", "http://proxy", "http://proxy:99999",
            "proxy:0", "http://proxy:3128/path", "http://proxy:3128?q", "ftp://user:secret@proxy:21", "::"})
    void anUnusableProxySettingSaysWhyWithoutEchoingIt(String value) {
        ProxySetting proxy = ProxySetting.parse("https.proxy", value);
        String problem = proxy.problem().orElseThrow();
        assertTrue(problem.startsWith("https.proxy "), problem);
        assertFalse(problem.contains(value), problem);
        assertEquals(Optional.empty(), proxy.address());
        assertEquals("unusable", proxy.toString());
    }

    @Test
    void aProxyReachedOverTlsIsNotSupported() {
        String problem = ProxySetting.parse("https.proxy", "https://proxy:443").problem().orElseThrow();
        assertTrue(problem.contains("over TLS"), problem);
    }

    @ParameterizedTest
    @CsvSource({
        "http://user:pw@host:8080/a/b.bin?token=x#frag, http://host:8080/a/b.bin?...",
        "https://host/fw.bin, https://host/fw.bin",
        "file:///tmp/fw.bin, file:/tmp/fw.bin",
        "mailto:someone@example.com, mailto:"})
    void urlsAreShownWithoutSecrets(String uri, String shown) {
        assertEquals(shown, SafeUri.show(URI.create(uri)));
    }

    @Test
    void urlsAreRequestedWithoutUserInformation() throws Exception {
        assertEquals(URI.create("http://host:8080/a%20b?x=1"),
                SafeUri.forRequest(URI.create("http://user:pw@host:8080/a%20b?x=1#f")));
        URI plain = URI.create("https://host/fw.bin");
        assertTrue(plain == SafeUri.forRequest(plain));
    }
}
