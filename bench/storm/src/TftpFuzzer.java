import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * TFTP datagrams no phone sends, to the server's port, as fast as its threads go (or at a rate): random bytes, and
 * read requests cut short, mutated, or wrong in one way (opcode, missing NUL, huge name, traversal, mode, options
 * unknown, repeated, without value or out of range), stray ACK/DATA/ERROR/OACK and write requests. Each thread sends
 * from its own sockets, one per source address, and drains what the server answers without ever acknowledging it.
 */
final class TftpFuzzer {
    /** The kinds of datagram, drawn with equal chances; the figures count them by kind. */
    private static final String[] KINDS = {"random bytes", "mutated RRQ", "truncated RRQ", "bad opcode",
            "no NUL", "huge filename", "traversal", "bad mode", "bad options", "out-of-range options", "stray packet",
            "WRQ"};
    private static final String[] OPTIONS = {"blksize", "windowsize", "timeout", "tsize"};

    private final InetSocketAddress server;
    private final List<InetAddress> sources;
    private final List<String> knownFiles;
    private final Random seeds;
    private final Map<String, LongAdder> sent = new ConcurrentHashMap<>();
    private final LongAdder answers = new LongAdder();
    private final LongAdder sendErrors = new LongAdder();

    /**
     * @param sources    the fuzzer's own addresses (ban them, not the phones)
     * @param knownFiles files the server has, which some read requests name so that mutations reach further than
     *                   "file not found"
     */
    TftpFuzzer(InetSocketAddress server, List<InetAddress> sources, List<String> knownFiles, long seed) {
        this.server = server;
        this.sources = sources;
        this.knownFiles = knownFiles;
        this.seeds = new Random(seed);
    }

    /** Sends {@code datagrams} from {@code threads} threads, {@code perSecond} a second in all (0: no limit). */
    void run(int threads, long datagrams, double perSecond) throws InterruptedException {
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<InetAddress> own = new ArrayList<>();
            for (int i = t; i < sources.size(); i += threads) {
                own.add(sources.get(i));
            }
            long count = datagrams / threads + (t < datagrams % threads ? 1 : 0);
            Random random = new Random(seeds.nextLong());
            Thread sender = new Thread(() -> send(own, count, perSecond / threads, random), "tftp-fuzz-" + t);
            sender.setDaemon(true);
            senders.add(sender);
            sender.start();
        }
        for (Thread sender : senders) {
            sender.join();
        }
    }

    long sent() {
        return sent.values().stream().mapToLong(LongAdder::sum).sum();
    }

    long answers() {
        return answers.sum();
    }

    long sendErrors() {
        return sendErrors.sum();
    }

    Map<String, Long> sentByKind() {
        Map<String, Long> byKind = new TreeMap<>();
        sent.forEach((kind, count) -> byKind.put(kind, count.sum()));
        return byKind;
    }

    private void send(List<InetAddress> own, long count, double perSecond, Random random) {
        List<DatagramChannel> channels = new ArrayList<>();
        ByteBuffer answer = ByteBuffer.allocate(65_536);
        try {
            for (InetAddress source : own) {
                DatagramChannel channel = DatagramChannel.open().bind(new InetSocketAddress(source, 0));
                channel.configureBlocking(false);
                channels.add(channel);
            }
            Pacer pacer = new Pacer(perSecond);
            for (long n = 0; n < count; n++) {
                int kind = random.nextInt(KINDS.length);
                try {
                    channels.get((int) (n % channels.size())).send(ByteBuffer.wrap(datagram(kind, random)), server);
                    sent.computeIfAbsent(KINDS[kind], k -> new LongAdder()).increment();
                } catch (IOException e) {
                    sendErrors.increment();
                }
                if (n % 32 == 0) {
                    drain(channels, answer);
                }
                pacer.awaitTurn(n + 1);
            }
            drain(channels, answer);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("TFTP fuzzer: " + e, e);
        } finally {
            for (DatagramChannel channel : channels) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // closing a UDP socket does not fail in a way that matters here
                }
            }
        }
    }

    private void drain(List<DatagramChannel> channels, ByteBuffer answer) throws IOException {
        for (DatagramChannel channel : channels) {
            for (answer.clear(); channel.receive(answer) != null; answer.clear()) {
                answers.increment();
            }
        }
    }

    private byte[] datagram(int kind, Random random) {
        return switch (KINDS[kind]) {
            case "random bytes" -> bytes(random, random.nextInt(4) == 0 ? random.nextInt(4) : random.nextInt(1400));
            case "mutated RRQ" -> mutate(request(1, file(random), mode(random), options(random, false)), random);
            case "truncated RRQ" -> {
                byte[] valid = request(1, file(random), "octet", options(random, false));
                yield Arrays.copyOf(valid, random.nextInt(valid.length));
            }
            case "bad opcode" -> request(random.nextBoolean() ? 0 : 6 + random.nextInt(65_530), file(random),
                    "octet", List.of());
            case "no NUL" -> ascii(new byte[] {0, 1}, file(random) + (random.nextBoolean() ? "" : "\0octet"));
            case "huge filename" -> request(1, "Digium/" + "A".repeat(400 + random.nextInt(60_000)), "octet",
                    List.of());
            case "traversal" -> request(1, traversal(random), "octet", List.of());
            case "bad mode" -> request(1, file(random), badMode(random), List.of());
            case "bad options" -> request(1, file(random), "octet", badOptions(random));
            case "out-of-range options" -> request(1, file(random), "octet", options(random, true));
            case "stray packet" -> stray(random);
            case "WRQ" -> request(2, file(random), "octet", options(random, false));
            default -> throw new IllegalArgumentException(KINDS[kind]);
        };
    }

    /** A file name: the server's own files at times, a phone's sensitive file that is not there more often. */
    private String file(Random random) {
        int draw = random.nextInt(10);
        if (draw < 3 && !knownFiles.isEmpty()) {
            return knownFiles.get(random.nextInt(knownFiles.size()));
        }
        if (draw < 7) {
            return String.format("Digium/000fd3%06x.cfg", random.nextInt(1 << 24));
        }
        return new String(bytes(random, 1 + random.nextInt(40)), StandardCharsets.ISO_8859_1).replace('\0', 'x');
    }

    private static String mode(Random random) {
        return random.nextBoolean() ? "octet" : "netascii";
    }

    private static String badMode(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> "";
            case 1 -> "mail";
            case 2 -> "OCTET\u00ff";
            case 3 -> "x".repeat(1 + random.nextInt(1000));
            default -> new String(bytes(random, 1 + random.nextInt(20)), StandardCharsets.ISO_8859_1);
        };
    }

    private static String traversal(Random random) {
        String[] names = {"../../../../etc/passwd", "/etc/passwd", "Digium/../../../etc/shadow", "..\\..\\boot.ini",
                "Digium/%2e%2e/%2e%2e/etc/passwd", "Digium/./../../var", "//etc//passwd", "Digium/\u00c0\u00ae/",
                "C:\\windows\\win.ini", ".", "..", "Digium/"};
        return names[random.nextInt(names.length)];
    }

    /** Good options, or ({@code outOfRange}) options with values no server may grant as asked. */
    private static List<String> options(Random random, boolean outOfRange) {
        List<String> options = new ArrayList<>();
        for (String option : OPTIONS) {
            if (random.nextBoolean()) {
                options.add(option);
                options.add(outOfRange ? outOfRange(option, random) : switch (option) {
                    case "blksize" -> Integer.toString(8 + random.nextInt(65_457));
                    case "windowsize" -> Integer.toString(1 + random.nextInt(64));
                    case "timeout" -> Integer.toString(1 + random.nextInt(255));
                    default -> "0";
                });
            }
        }
        return options;
    }

    private static String outOfRange(String option, Random random) {
        String[] values = switch (option) {
            case "blksize" -> new String[] {"0", "7", "65465", "99999999999", "-512"};
            case "windowsize" -> new String[] {"0", "65536", "-1", "4294967296"};
            case "timeout" -> new String[] {"0", "256", "-5", "1e9"};
            default -> new String[] {"-1", "1", "999999999999999999999", "x"};
        };
        return values[random.nextInt(values.length)];
    }

    private static List<String> badOptions(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> List.of("blksize"); // a name without its value
            case 1 -> List.of("blksize", "512", "blksize", "1024"); // twice
            case 2 -> List.of("nosuchoption", "1", "windowsize", "abc");
            case 3 -> List.of("", "", "tsize", "");
            default -> List.of("BLKSIZE", " 1024", "timeout", "\u00ff\u00fe");
        };
    }

    /** An ACK, DATA, ERROR or OACK sent to the server's port, where only requests belong. */
    private static byte[] stray(Random random) {
        int opcode = 3 + random.nextInt(4);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(opcode);
        out.write(random.nextInt(256));
        out.write(random.nextInt(256));
        switch (opcode) {
            case 3 -> out.writeBytes(bytes(random, random.nextInt(513)));
            case 5 -> out.writeBytes("Stray error\0".getBytes(StandardCharsets.US_ASCII));
            case 6 -> out.writeBytes("blksize\0001024\0".getBytes(StandardCharsets.US_ASCII));
            default -> {
            }
        }
        return out.toByteArray();
    }

    /** Flips, drops, inserts or repeats a few bytes. */
    private static byte[] mutate(byte[] datagram, Random random) {
        byte[] mutated = datagram;
        for (int m = 1 + random.nextInt(4); m > 0 && mutated.length > 0; m--) {
            int at = random.nextInt(mutated.length);
            mutated = switch (random.nextInt(4)) {
                case 0 -> {
                    mutated[at] ^= (byte) (1 << random.nextInt(8));
                    yield mutated;
                }
                case 1 -> concat(Arrays.copyOf(mutated, at),
                        Arrays.copyOfRange(mutated, at + 1, mutated.length));
                case 2 -> concat(Arrays.copyOf(mutated, at), concat(bytes(random, 1 + random.nextInt(8)),
                        Arrays.copyOfRange(mutated, at, mutated.length)));
                default -> concat(mutated, Arrays.copyOfRange(mutated, at, mutated.length));
            };
        }
        return mutated;
    }

    private static byte[] request(int opcode, String file, String mode, List<String> options) {
        StringBuilder text = new StringBuilder(file).append('\0').append(mode).append('\0');
        options.forEach(part -> text.append(part).append('\0'));
        return ascii(new byte[] {(byte) (opcode >> 8), (byte) opcode}, text.toString());
    }

    private static byte[] ascii(byte[] opcode, String text) {
        return concat(opcode, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
