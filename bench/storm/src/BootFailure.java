/** A request that did not give what a phone needs. Its kind groups errors in the reports. */
final class BootFailure extends Exception {
    final String kind;

    BootFailure(String kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    /**
     * Whether the server said no (an HTTP status, a TFTP error packet, a refused connection) rather than leaving the
     * phone without an answer (a timeout, a connection cut in the middle of a response).
     */
    boolean clean() {
        return kind.matches("http \\d{3}") || kind.startsWith("tftp error") || kind.equals("http ConnectException");
    }
}
