package provd.http.internal.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ByteRangeTest {
    private static String p(String header, long size) {
        ByteRange.Parsed parsed = ByteRange.parse(header, size);
        return parsed.kind() == ByteRange.Kind.PARTIAL ? parsed.range().first() + "-" + parsed.range().last()
                : parsed.kind().name();
    }

    @Test
    void forms() {
        assertEquals("0-9", p("bytes=0-9", 100));
        assertEquals("90-99", p("bytes=90-", 100));
        assertEquals("95-99", p("bytes=-5", 100));
        assertEquals("0-99", p("bytes=-500", 100));
        assertEquals("10-99", p("bytes=10-1000", 100));
        assertEquals("10-99", p("bytes=10-99999999999999999999999", 100));
        assertEquals("5-5", p("Bytes = 5-5", 100));
        assertEquals("99-99", p("bytes=99-99", 100));
    }

    @Test
    void unsatisfiable() {
        assertEquals("UNSATISFIABLE", p("bytes=100-", 100));
        assertEquals("UNSATISFIABLE", p("bytes=100-200", 100));
        assertEquals("UNSATISFIABLE", p("bytes=-0", 100));
        assertEquals("UNSATISFIABLE", p("bytes=99999999999999999999-", 100));
    }

    @Test
    void ignored() {
        for (String h : new String[] {null, "", "bytes", "bytes=", "bytes=-", "bytes=a-b", "bytes=5-1",
                "bytes=0-1,3-4", "items=0-1", "bytes=1-2-3", "bytes=+1-2", "bytes 0-1"}) {
            assertEquals("WHOLE", p(h, 100), String.valueOf(h));
        }
        assertEquals("WHOLE", p("bytes=0-0", 0), "an empty file is sent whole");
    }
}
