package provd.core.internal.sync;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An Asterisk manager interface on the loopback interface, speaking its line protocol: the banner, then
 * {@code Login} (checking the user and secret), {@code PJSIPNotify} (checking it names one target and has
 * variables) and {@code Logoff}, each answered with the action's ActionID. Records every action received.
 */
final class AmiTestPeer implements AutoCloseable {
    /** An action as received: its lines in order ({@code Variable} may repeat). */
    record Action(List<String[]> lines) {
        /** The first value of {@code key}, or null. */
        String get(String key) {
            return lines.stream().filter(l -> l[0].equalsIgnoreCase(key)).map(l -> l[1]).findFirst().orElse(null);
        }

        List<String> all(String key) {
            return lines.stream().filter(l -> l[0].equalsIgnoreCase(key)).map(l -> l[1]).toList();
        }
    }

    private final ServerSocket server;
    private final String username;
    private final String secret;
    private final List<Action> actions = Collections.synchronizedList(new ArrayList<>());
    private volatile String banner = "Asterisk Call Manager/7.0.3";
    private volatile String notifyError;
    private volatile boolean chatty;

    AmiTestPeer(String username, String secret) throws IOException {
        this.username = username;
        this.secret = secret;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread thread = new Thread(this::accept, "ami-test-peer");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Greets with another banner ({@code null}: says nothing at all). */
    void banner(String banner) {
        this.banner = banner;
    }

    /** Refuses PJSIPNotify with this message ({@code null}: accepts it). */
    void refuseNotify(String message) {
        this.notifyError = message;
    }

    /** Sends events and answers to other actions before each answer, as a busy Asterisk would. */
    void chatty() {
        this.chatty = true;
    }

    List<Action> actions() {
        synchronized (actions) {
            return List.copyOf(actions);
        }
    }

    /** The actions received, by name. */
    List<String> actionNames() {
        return actions().stream().map(a -> a.get("Action")).toList();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket connection = server.accept();
                Thread thread = new Thread(() -> serve(connection), "ami-test-session");
                thread.setDaemon(true);
                thread.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            OutputStream out = connection.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(),
                    StandardCharsets.UTF_8));
            String greeting = banner;
            if (greeting == null) {
                in.read(); // silent until the client gives up
                return;
            }
            write(out, greeting + "\r\n");
            boolean loggedIn = false;
            for (Action action; (action = read(in)) != null;) {
                actions.add(action);
                String id = action.get("ActionID");
                if (chatty) {
                    write(out, "Event: PeerStatus\r\nPrivilege: system,all\r\nPeer: PJSIP/9999\r\n\r\n"
                            + "Response: Success\r\nActionID: someone-else\r\nMessage: Pong\r\n\r\n");
                }
                switch (action.get("Action")) {
                    case "Login" -> {
                        loggedIn = username.equals(action.get("Username")) && secret.equals(action.get("Secret"));
                        write(out, loggedIn ? answer("Success", id, "Authentication accepted")
                                : answer("Error", id, "Authentication failed"));
                    }
                    case "PJSIPNotify" -> write(out, notify(action, loggedIn));
                    case "Logoff" -> {
                        write(out, answer("Goodbye", id, "Thanks for all the fish."));
                        return;
                    }
                    default -> write(out, answer("Error", id, "Invalid/unknown command"));
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private String notify(Action action, boolean loggedIn) {
        String id = action.get("ActionID");
        if (!loggedIn) {
            return answer("Error", id, "Permission denied");
        }
        int targets = (action.get("Endpoint") == null ? 0 : 1) + (action.get("URI") == null ? 0 : 1)
                + (action.get("Channel") == null ? 0 : 1);
        if (targets != 1) {
            return answer("Error", id, "Exactly one of Endpoint, URI or Channel must be specified");
        }
        if (action.all("Variable").isEmpty() || !action.all("Variable").stream().allMatch(v -> v.contains("="))) {
            return answer("Error", id, "Variables must be name=value");
        }
        String refusal = notifyError;
        return refusal == null ? answer("Success", id, "NOTIFY sent") : answer("Error", id, refusal);
    }

    private static String answer(String response, String actionId, String message) {
        return "Response: " + response + "\r\n" + (actionId == null ? "" : "ActionID: " + actionId + "\r\n")
                + "Message: " + message + "\r\n\r\n";
    }

    private static Action read(BufferedReader in) throws IOException {
        List<String[]> lines = new ArrayList<>();
        for (String line; (line = in.readLine()) != null;) {
            if (line.isEmpty()) {
                if (!lines.isEmpty()) {
                    return new Action(lines);
                }
                continue;
            }
            int colon = line.indexOf(':');
            lines.add(colon < 0 ? new String[] {line, ""}
                    : new String[] {line.substring(0, colon), line.substring(colon + 1).strip()});
        }
        return null;
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
