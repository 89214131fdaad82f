package provd.plugin.digium.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Structural XML comparison with the JDK's DOM parser: element names, attributes and their values, the order of
 * child elements, and non-blank text (trimmed). Whitespace-only text, comments and the XML declaration do not count.
 */
final class Xml {
    private Xml() {
    }

    /** Parses {@code bytes} as a well-formed XML document (no DTD, no external entities). */
    static Document parse(byte[] bytes) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setIgnoringComments(true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new ByteArrayInputStream(bytes));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new AssertionError("not well-formed XML: " + e.getMessage() + "\n" + new String(bytes,
                    java.nio.charset.StandardCharsets.UTF_8), e);
        }
    }

    /** Asserts that {@code actual} has the same structure as {@code expected}. */
    static void assertSameTree(Document expected, Document actual) {
        compare(expected.getDocumentElement(), actual.getDocumentElement(),
                "/" + expected.getDocumentElement().getTagName());
    }

    private static void compare(Element expected, Element actual, String path) {
        assertEquals(expected.getTagName(), actual.getTagName(), "element name at " + path);
        assertEquals(attributes(expected), attributes(actual), "attributes of " + path);
        assertEquals(text(expected), text(actual), "text of " + path);
        List<Element> e = children(expected);
        List<Element> a = children(actual);
        for (int i = 0; i < Math.min(e.size(), a.size()); i++) {
            compare(e.get(i), a.get(i), path + "/" + e.get(i).getTagName() + "[" + i + "]");
        }
        if (e.size() != a.size()) {
            fail("children of " + path + ": expected " + names(e) + " but was " + names(a));
        }
    }

    /** Attributes by name (their order carries no meaning in XML). */
    static Map<String, String> attributes(Element element) {
        Map<String, String> map = new TreeMap<>();
        NamedNodeMap attrs = element.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            Node n = attrs.item(i);
            map.put(n.getNodeName(), n.getNodeValue());
        }
        return map;
    }

    /** The element's own non-blank text, trimmed, joined. */
    private static String text(Element element) {
        StringBuilder sb = new StringBuilder();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
                String t = n.getNodeValue().trim();
                if (!t.isEmpty()) {
                    sb.append(sb.length() == 0 ? "" : " ").append(t);
                }
            } else if (n.getNodeType() != Node.ELEMENT_NODE && n.getNodeType() != Node.COMMENT_NODE) {
                fail("unexpected node " + n);
            }
        }
        return sb.toString();
    }

    static List<Element> children(Element element) {
        List<Element> list = new ArrayList<>();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element) {
                list.add((Element) n);
            }
        }
        return list;
    }

    /** All elements named {@code name} in document order. */
    static List<Element> elements(Document document, String name) {
        List<Element> list = new ArrayList<>();
        var nodes = document.getElementsByTagName(name);
        for (int i = 0; i < nodes.getLength(); i++) {
            list.add((Element) nodes.item(i));
        }
        return list;
    }

    /** The {@code <setting>} element with {@code id}, or null. */
    static Element setting(Document document, String id) {
        return elements(document, "setting").stream().filter(e -> id.equals(e.getAttribute("id"))).findFirst()
                .orElse(null);
    }

    /** Removes the elements named {@code name} that match {@code which}; returns how many. */
    static int remove(Document document, String name, Predicate<Element> which) {
        int removed = 0;
        for (Element e : elements(document, name)) {
            if (which.test(e)) {
                e.getParentNode().removeChild(e);
                removed++;
            }
        }
        return removed;
    }

    private static List<String> names(List<Element> elements) {
        List<String> names = new ArrayList<>();
        elements.forEach(e -> names.add(e.getTagName() + attributes(e)));
        return names;
    }
}
