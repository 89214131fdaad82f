package provd.http.internal.files;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** What bnd generated for Declarative Services and Metatype (it runs before the tests, in process-classes). */
class ComponentDescriptionTest {
    private static String resource(String name) throws Exception {
        try (InputStream in = ComponentDescriptionTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new AssertionError("missing " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void component() throws Exception {
        String xml = resource("OSGI-INF/provd.http.internal.files.PhoneHttpServer.xml");
        assertTrue(xml.contains("configuration-pid=\"provd.http\""), xml);
        assertTrue(xml.contains("immediate=\"true\""), xml);
        assertTrue(xml.contains("modified=\"modified\""), xml);
        assertTrue(xml.contains("interface=\"provd.core.api.ProvisioningService\""), xml);
        assertTrue(xml.contains("interface=\"provd.core.api.AccessGuard\""), xml);
        for (String key : new String[] {"bind", "port", "trusted.proxies", "max.threads", "idle.timeout.ms"}) {
            assertTrue(xml.contains("name=\"" + key + "\""), key + " in " + xml);
        }
        assertTrue(xml.contains("interface=\"provd.core.api.ServerStatus\""), "registers its status: " + xml);
    }

    @Test
    void metatype() throws Exception {
        String xml = resource("OSGI-INF/metatype/provd.http.internal.files.PhoneHttpServer$Config.xml");
        assertTrue(xml.contains("<Designate pid=\"provd.http\">"), xml);
    }
}
