package provd.fetchfw.internal.download;

import static org.junit.jupiter.api.Assertions.assertFalse;
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
        String xml = resource("OSGI-INF/provd.fetchfw.internal.download.CachingDownloader.xml");
        assertTrue(xml.contains("configuration-pid=\"provd.download\""), xml);
        assertTrue(xml.contains("modified=\"modified\""), xml);
        assertTrue(xml.contains("<provide interface=\"provd.fetchfw.api.Downloader\"/>"), xml);
        for (String key : new String[] {"cache.directory", ".http.proxy", ".https.proxy", "connect.timeout.seconds",
                "read.timeout.seconds", "max.redirects"}) {
            assertTrue(xml.contains("name=\"" + key + "\""), key + " in " + xml);
        }
        // a proxy URL may hold a password: private to the component, not a property of the Downloader service
        assertFalse(xml.contains("name=\"http.proxy\""), xml);
        assertFalse(xml.contains("name=\"https.proxy\""), xml);
    }

    @Test
    void metatype() throws Exception {
        String xml = resource("OSGI-INF/metatype/provd.fetchfw.internal.download.CachingDownloader$Config.xml");
        assertTrue(xml.contains("<Designate pid=\"provd.download\">"), xml);
    }
}
