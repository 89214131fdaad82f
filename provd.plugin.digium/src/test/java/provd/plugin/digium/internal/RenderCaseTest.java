package provd.plugin.digium.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import provd.core.api.MacAddress;

/**
 * Our own cases, each {@code cases/<name>.input.json} with its expected {@code cases/<name>.cfg} and
 * {@code cases/<name>-contacts.xml} (or the empty phonebook), compared structurally. Each is rendered from the raw
 * config as written and after the core's defaults: both must give the same files.
 */
class RenderCaseTest {
    @TempDir
    Path home;

    static Stream<Arguments> cases() {
        return Stream.of(
                "one-line",
                "two-lines-backup-voicemail",
                "funckeys",
                "vlan",
                "special-characters",
                "missing-optional",
                "d40-four-lines",
                "readme-example")
                .flatMap(name -> Stream.of(Arguments.of(name, false), Arguments.of(name, true)));
    }

    @ParameterizedTest(name = "{0} (core defaults applied: {1})")
    @MethodSource("cases")
    void rendersAsExpected(String name, boolean coreDefaults) throws Exception {
        Cases.Input input = Cases.input("/cases/" + name + ".input.json");
        if (coreDefaults) {
            input = input.withCoreDefaults();
        }
        Map<String, byte[]> files = new DigiumConfigurator(home).configure(input.device(), input.rawConfig());

        MacAddress mac = MacAddress.of(input.device().mac().orElseThrow());
        String cfg = "Digium/" + mac.compact() + ".cfg";
        String contacts = "Digium/" + mac.compact() + "-contacts.xml";
        assertEquals(Set.of(cfg, contacts), files.keySet());

        Xml.assertSameTree(Xml.parse(Cases.bytes("/cases/" + name + ".cfg")), Xml.parse(files.get(cfg)));
        String expectedContacts = RenderCaseTest.class.getResource("/cases/" + name + "-contacts.xml") != null
                ? "/cases/" + name + "-contacts.xml"
                : "/cases/empty-contacts.xml";
        Xml.assertSameTree(Xml.parse(Cases.bytes(expectedContacts)), Xml.parse(files.get(contacts)));
    }
}
