import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** A simulated phone: its MAC, its own source address, its model, and how it fetches its files. */
record Phone(int index, String mac, InetAddress address, String model, boolean tftp) {
    static final String[] MODELS = {"D40", "D45", "D50", "D60", "D62", "D65", "D70"};
    /** The firmware version, as the phone's DHCP vendor class reports it. */
    static final String FIRMWARE = "2.8.1.0.0.48178";

    /** Phone {@code index} has the MAC 00:0f:d3 + index and the address 127.(10 + index / 65536).x.y. */
    static Phone of(int index, boolean tftp) {
        String mac = String.format("000fd3%06x", index);
        byte[] ip = {127, (byte) (10 + (index >> 16)), (byte) (index >> 8), (byte) index};
        try {
            return new Phone(index, mac, InetAddress.getByAddress(ip), MODELS[index % MODELS.length], tftp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Phones {@code first} to {@code first + count - 1}: round(count * (1 - httpShare)) of them use TFTP, spread
     * evenly, so both protocols run through the whole storm.
     */
    static List<Phone> phones(int first, int count, double httpShare) {
        List<Phone> phones = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            phones.add(Phone.of(first + i, false));
        }
        int tftpCount = (int) Math.round(count * (1 - httpShare));
        for (int k = 0; k < tftpCount; k++) {
            int i = (int) ((long) k * count / Math.max(1, tftpCount));
            phones.set(i, phones.get(i).via(true));
        }
        return phones;
    }

    /** The same phone fetching over TFTP ({@code true}) or HTTP. */
    Phone via(boolean overTftp) {
        return new Phone(index, mac, address, model, overTftp);
    }

    String colonMac() {
        return mac.replaceAll("(..)(?!$)", "$1:");
    }

    String ip() {
        return address.getHostAddress();
    }

    List<String> files() {
        return List.of(configFile(), "Digium/" + mac + "-contacts.xml");
    }

    /** The file holding its SIP accounts: the one whose content the reliability commands check. */
    String configFile() {
        return "Digium/" + mac + ".cfg";
    }

    /** Its User-Agent, which names the firmware less precisely than its DHCP vendor class does. */
    String userAgent() {
        return "Digium " + model + " 2.8.1";
    }

    String vendorClass() {
        return "digium_" + model + "_" + FIRMWARE.replace('.', '_');
    }
}
