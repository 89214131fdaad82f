package provd.core.internal.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParameterValuesTest {
    @ParameterizedTest
    @ValueSource(strings = {"http://provd.wazo.community/plugins/2/stable/", "https://example.com:8443/p",
            "file:///var/lib/provd/plugins", "http://192.0.2.1/plugins?x=1", ""})
    void acceptsUrls(String url) {
        assertEquals(url, ParameterValues.url(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/plugins", "plugins/stable", "example.com", "javascript:alert(1)",
            "mailto:root@example.com"})
    void refusesOtherSchemes(String url) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ParameterValues.url(url));
        assertEquals("must be an http, https or file URL", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://exa mple.com/", "http://example.com/a b", "http://[bad/"})
    void refusesWhatIsNotAUrl(String url) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ParameterValues.url(url));
        assertTrue(e.getMessage().startsWith("is not a URL"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com/${HOME}", "http://${host}/", "http://example.com/\n",
            "http://example.com/\ta", "http://example.com/\u0085", "http://example.com/\u0000"})
    void refusesPlaceholdersAndControlCharactersInUrls(String url) {
        assertThrows(IllegalArgumentException.class, () -> ParameterValues.url(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://user:pw@host:8080", "http://proxy.example.com:3128",
            "host:3128", "192.0.2.1:8080", "[2001:db8::1]:3128", "proxy-1.example.com:80", ""})
    void acceptsProxies(String proxy) {
        assertEquals(proxy, ParameterValues.proxy(proxy));
    }

    @ParameterizedTest
    @ValueSource(strings = {"socks5://host:1080", "https://proxy:443", "host", "ftp://host:21", "http:///path", "user:pw@host:8080",
            "file:///tmp/proxy"})
    void refusesOtherProxies(String proxy) {
        assertThrows(IllegalArgumentException.class, () -> ParameterValues.proxy(proxy));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://${user}:pw@host:8080", "http://user:pw@host:8080\n", "host:3128\r",
            "http://user:p\u0007w@host:8080", "http://host:8080/\u0085"})
    void refusesPlaceholdersAndControlCharactersInProxies(String proxy) {
        assertThrows(IllegalArgumentException.class, () -> ParameterValues.proxy(proxy));
    }

    @ParameterizedTest
    @ValueSource(strings = {"en_US", "fr_FR", "fr", "ast", "de_CH", ""})
    void acceptsLocales(String locale) {
        assertEquals(locale, ParameterValues.locale(locale));
    }

    @ParameterizedTest
    @ValueSource(strings = {"en-US", "EN_US", "en_us", "en_US.UTF-8", "e", "english", "${LANG}", "fr_FR\n",
            "fr_FRA"})
    void refusesWhatIsNotALocale(String locale) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParameterValues.locale(locale));
        assertEquals("must be a locale such as en_US or fr_FR", e.getMessage());
    }

    @Test
    void natIsStoredAsABoolean() {
        assertEquals("true", ParameterValues.natToStored("1"));
        assertEquals("false", ParameterValues.natToStored("0"));
        assertEquals("false", ParameterValues.natToStored(""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "false", "yes", "2", "01", " 1", "-1"})
    void natRefusesAnythingButOneOrZero(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParameterValues.natToStored(value));
        assertEquals("must be 1 or 0", e.getMessage());
    }

    @Test
    void natReadsBackAsOneOrZero() {
        assertEquals("1", ParameterValues.natFromStored("true"));
        assertEquals("1", ParameterValues.natFromStored("TRUE"));
        assertEquals("1", ParameterValues.natFromStored(Boolean.TRUE));
        assertEquals("0", ParameterValues.natFromStored("false"));
        assertEquals("0", ParameterValues.natFromStored(Boolean.FALSE));
        assertEquals("0", ParameterValues.natFromStored(null));
        assertEquals("0", ParameterValues.natFromStored("garbage"));
    }
}
