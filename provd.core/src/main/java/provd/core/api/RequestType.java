package provd.core.api;

/** The protocol a provisioning request came in by. */
public enum RequestType {
    /** DHCP information relayed by the DHCP server (the phone's lease, with its options). */
    DHCP,
    /** An HTTP GET or HEAD for a file. */
    HTTP,
    /** A TFTP read request for a file. */
    TFTP
}
