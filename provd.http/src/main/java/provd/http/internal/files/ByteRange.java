package provd.http.internal.files;

/**
 * A single byte range of a file, from a {@code Range} header (RFC 9110 §14): {@code bytes=first-last},
 * {@code bytes=first-} or {@code bytes=-suffixLength}.
 *
 * @param first the first byte's offset
 * @param last  the last byte's offset, included
 */
record ByteRange(long first, long last) {
    /** What to do with a {@code Range} header. */
    enum Kind {
        /** Send the whole file (no header, one the server ignores: malformed, several ranges, other unit). */
        WHOLE,
        /** Send {@link Parsed#range()} with 206. */
        PARTIAL,
        /** Answer 416: the range starts past the end. */
        UNSATISFIABLE
    }

    record Parsed(Kind kind, ByteRange range) {
        static final Parsed WHOLE = new Parsed(Kind.WHOLE, null);
        static final Parsed UNSATISFIABLE = new Parsed(Kind.UNSATISFIABLE, null);
    }

    long length() {
        return last - first + 1;
    }

    /** {@code Content-Range} of this range of a file of {@code size} bytes. */
    String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    /**
     * Reads {@code header} for a file of {@code size} bytes. An empty file is always sent whole; several ranges are
     * answered with the whole file (allowed, and simpler than multipart/byteranges).
     */
    static Parsed parse(String header, long size) {
        if (header == null || size <= 0) {
            return Parsed.WHOLE;
        }
        String h = header.trim();
        if (h.length() < 6 || !h.regionMatches(true, 0, "bytes", 0, 5)) {
            return Parsed.WHOLE;
        }
        int i = 5;
        while (i < h.length() && (h.charAt(i) == ' ' || h.charAt(i) == '\t')) {
            i++;
        }
        if (i >= h.length() || h.charAt(i) != '=') {
            return Parsed.WHOLE;
        }
        String spec = h.substring(i + 1).trim();
        if (spec.indexOf(',') >= 0) {
            return Parsed.WHOLE;
        }
        int dash = spec.indexOf('-');
        if (dash < 0 || spec.indexOf('-', dash + 1) >= 0) {
            return Parsed.WHOLE;
        }
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        if (a.isEmpty()) {
            long suffix = number(b);
            if (suffix < 0) {
                return Parsed.WHOLE;
            }
            if (suffix == 0) {
                return Parsed.UNSATISFIABLE;
            }
            return new Parsed(Kind.PARTIAL, new ByteRange(Math.max(0, size - suffix), size - 1));
        }
        long first = number(a);
        if (first < 0) {
            return Parsed.WHOLE;
        }
        long last;
        if (b.isEmpty()) {
            last = size - 1;
        } else {
            last = number(b);
            if (last < 0 || last < first) {
                return Parsed.WHOLE;
            }
        }
        if (first >= size) {
            return Parsed.UNSATISFIABLE;
        }
        return new Parsed(Kind.PARTIAL, new ByteRange(first, Math.min(last, size - 1)));
    }

    /** A non-negative decimal number (saturating at {@link Long#MAX_VALUE}); -1 when {@code s} is not one. */
    private static long number(String s) {
        if (s.isEmpty()) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : n * 10 + (c - '0');
        }
        return n;
    }
}
