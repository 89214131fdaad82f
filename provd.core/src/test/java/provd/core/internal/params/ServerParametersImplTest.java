package provd.core.internal.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import provd.core.api.InvalidDocumentException;
import provd.core.api.NotFoundException;
import provd.core.api.ServerParameters;
import provd.core.api.ServerParameters.Parameter;

class ServerParametersImplTest {
    @TempDir
    Path home;
    Path etc;
    FakeConfigurationAdmin admin;
    ServerParametersImpl parameters;

    @BeforeEach
    void create() {
        etc = home.resolve("etc");
        admin = new FakeConfigurationAdmin();
        parameters = new ServerParametersImpl(admin, etc);
    }

    private Optional<String> value(String id) {
        return parameters.parameter(id).orElseThrow().value();
    }

    private Properties cfg(String pid) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(etc.resolve(pid + ".cfg"), StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        return properties;
    }

    @Test
    void everyParameterInAFixedOrder() {
        List<Parameter> all = parameters.parameters();
        assertEquals(List.of(ServerParameters.PLUGIN_SERVER, ServerParameters.HTTP_PROXY,
                ServerParameters.HTTPS_PROXY, ServerParameters.FTP_PROXY, ServerParameters.LOCALE,
                ServerParameters.NAT), all.stream().map(Parameter::id).toList());
        for (Parameter p : all) {
            assertFalse(p.description().isBlank(), p.id());
        }
    }

    @Test
    void nothingIsSetAtFirstAndNatReadsZero() {
        for (Parameter p : parameters.parameters()) {
            assertEquals(p.id().equals("NAT") ? Optional.of("0") : Optional.empty(), p.value(), p.id());
        }
    }

    @ParameterizedTest
    @CsvSource({
        "plugin_server, http://provd.wazo.community/plugins/2/stable/, provd.params, plugin_server",
        "http_proxy, http://user:pw@proxy.example.com:8080, provd.download, .http.proxy",
        "https_proxy, proxy.example.com:3128, provd.download, .https.proxy",
        "ftp_proxy, http://proxy:21, provd.params, ftp_proxy",
        "locale, fr_FR, provd.params, locale"})
    void aParameterRoundTripsThroughItsPidAndKey(String id, String value, String pid, String key)
            throws IOException {
        parameters.set(id, value);
        assertEquals(Optional.of(value), value(id));
        Dictionary<String, Object> stored = admin.properties(pid);
        assertEquals(value, stored.get(key));
        assertEquals(value, cfg(pid).getProperty(key));
        assertEquals(value, parameters.parameters().stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow().value().orElseThrow());
    }

    @Test
    void theProxiesAreTheDownloadersAndKeepItsOtherKeys() throws IOException {
        admin.preset("provd.download", Map.of("read.timeout.seconds", "60", ".http.proxy", "old:3128"));
        Files.createDirectories(etc);
        Files.writeString(etc.resolve("provd.download.cfg"),
                "# downloads\n.http.proxy =\n.https.proxy =\nread.timeout.seconds = 60\n");
        parameters.set("http_proxy", "http://user:pw@proxy:3128");
        parameters.set("https_proxy", "proxy:3129");

        Dictionary<String, Object> stored = admin.properties("provd.download");
        assertEquals("http://user:pw@proxy:3128", stored.get(".http.proxy"));
        assertEquals("proxy:3129", stored.get(".https.proxy"));
        assertEquals("60", stored.get("read.timeout.seconds"));
        assertEquals("# downloads\n.http.proxy = http://user:pw@proxy:3128\n.https.proxy = proxy:3129\n"
                + "read.timeout.seconds = 60\n", Files.readString(etc.resolve("provd.download.cfg")));
        assertNull(admin.properties(ServerParametersImpl.PID), "nothing is written to provd.params");
        assertFalse(Files.exists(etc.resolve("provd.params.cfg")));

        parameters.set("http_proxy", "");
        assertEquals(Optional.empty(), value("http_proxy"));
        assertNull(admin.properties("provd.download").get(".http.proxy"));
        assertFalse(cfg("provd.download").containsKey(".http.proxy"));
        assertEquals(Optional.of("proxy:3129"), value("https_proxy"));
    }

    @Test
    void valuesAreTrimmed() {
        parameters.set("locale", "  en_US \n");
        assertEquals(Optional.of("en_US"), value("locale"));
    }

    @Test
    void parametersShareTheirPidAndKeepEachOther() throws IOException {
        parameters.set("locale", "fr_FR");
        parameters.set("ftp_proxy", "proxy:3128");
        Dictionary<String, Object> stored = admin.properties(ServerParametersImpl.PID);
        assertEquals("fr_FR", stored.get("locale"));
        assertEquals("proxy:3128", stored.get("ftp_proxy"));
        Properties file = cfg(ServerParametersImpl.PID);
        assertEquals("fr_FR", file.getProperty("locale"));
        assertEquals("proxy:3128", file.getProperty("ftp_proxy"));
    }

    @Test
    void anEmptyOrNullValueUnsets() throws IOException {
        parameters.set("locale", "fr_FR");
        parameters.set("ftp_proxy", "proxy:3128");
        parameters.set("locale", "");
        assertEquals(Optional.empty(), value("locale"));
        assertFalse(cfg(ServerParametersImpl.PID).containsKey("locale"));
        assertNull(admin.properties(ServerParametersImpl.PID).get("locale"));

        parameters.set("ftp_proxy", null);
        assertEquals(Optional.empty(), value("ftp_proxy"));
        assertFalse(cfg(ServerParametersImpl.PID).containsKey("ftp_proxy"));
        assertTrue(admin.properties(ServerParametersImpl.PID).isEmpty());
    }

    @Test
    void natIsStoredAsABooleanUnderTheIdentificationPid() throws IOException {
        parameters.set("NAT", "1");
        assertEquals("true", admin.properties("provd.identification").get("nat"));
        assertEquals("true", cfg("provd.identification").getProperty("nat"));
        assertEquals(Optional.of("1"), value("NAT"));
        assertNull(admin.properties(ServerParametersImpl.PID), "nothing is written to provd.params");
        assertFalse(Files.exists(etc.resolve("provd.params.cfg")));

        parameters.set("NAT", "0");
        assertEquals("false", admin.properties("provd.identification").get("nat"));
        assertEquals("false", cfg("provd.identification").getProperty("nat"));
        assertEquals(Optional.of("0"), value("NAT"));

        parameters.set("NAT", "");
        assertEquals("false", admin.properties("provd.identification").get("nat"));
        assertEquals(Optional.of("0"), value("NAT"));
    }

    @Test
    void natReadsWhatAnOperatorWroteAsABoolean() throws IOException {
        admin.preset("provd.identification", Map.of("nat", Boolean.TRUE));
        assertEquals(Optional.of("1"), value("NAT"));
        admin.preset("provd.identification", Map.of("nat", "false"));
        assertEquals(Optional.of("0"), value("NAT"));
    }

    @Test
    void otherKeysOfTheConfigurationAndTheFileAreKept() throws IOException {
        admin.preset("provd.identification", Map.of("nat", "false", "timeout.ms", "5000"));
        Files.createDirectories(etc);
        Files.writeString(etc.resolve("provd.identification.cfg"),
                "# identification\ntimeout.ms = 5000\nnat = false\n");
        parameters.set("NAT", "1");
        Dictionary<String, Object> stored = admin.properties("provd.identification");
        assertEquals("5000", stored.get("timeout.ms"));
        assertEquals("true", stored.get("nat"));
        assertEquals("# identification\ntimeout.ms = 5000\nnat = true\n",
                Files.readString(etc.resolve("provd.identification.cfg")));
    }

    @Test
    void eachSetUpdatesTheConfigurationOnce() {
        parameters.set("locale", "fr_FR");
        parameters.set("locale", "en_US");
        assertEquals(2, admin.configurations.get(ServerParametersImpl.PID).updates);
    }

    @Test
    void anUnknownParameterIsNotFound() {
        NotFoundException e = assertThrows(NotFoundException.class, () -> parameters.set("nat", "1"));
        assertTrue(e.getMessage().contains("'nat'"), e.getMessage());
        assertThrows(NotFoundException.class, () -> parameters.set("bogus", "x"));
        assertEquals(Optional.empty(), parameters.parameter("bogus"));
        assertTrue(admin.configurations.isEmpty());
        assertFalse(Files.exists(etc));
    }

    @ParameterizedTest
    @CsvSource({
        "plugin_server, ftp://example.com/",
        "http_proxy, socks5://proxy:1080",
        "https_proxy, proxyhost",
        "ftp_proxy, http://${user}@proxy:21",
        "locale, french",
        "NAT, yes"})
    void anInvalidValueIsRefusedNamingTheParameter(String id, String value) {
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class, () -> parameters.set(id, value));
        assertEquals(id, e.key());
        assertTrue(e.getMessage().startsWith(id + ": "), e.getMessage());
        assertFalse(e.getMessage().contains(value), "the value is not echoed: " + e.getMessage());
        assertTrue(admin.configurations.isEmpty(), "nothing given to Configuration Admin");
        assertFalse(Files.exists(etc), "nothing written");
    }

    @Test
    void aRefusedValueLeavesTheOldOne() throws IOException {
        parameters.set("locale", "fr_FR");
        assertThrows(InvalidDocumentException.class, () -> parameters.set("locale", "fr-FR"));
        assertEquals(Optional.of("fr_FR"), value("locale"));
        assertEquals("fr_FR", cfg(ServerParametersImpl.PID).getProperty("locale"));
    }

    @Test
    void aFileThatCannotBeWrittenFailsBeforeConfigurationAdminIsTold() throws IOException {
        Files.writeString(etc, "not a directory");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> parameters.set("locale", "fr_FR"));
        assertTrue(e.getMessage().startsWith("parameter locale could not be saved"), e.getMessage());
        assertTrue(admin.configurations.isEmpty());
    }

    @Test
    void anUnreadableConfigurationReadsAsUnset() {
        admin.failure = new IOException("persistence manager broken");
        assertEquals(Optional.empty(), value("locale"));
        assertEquals(Optional.of("0"), value("NAT"));
    }
}
