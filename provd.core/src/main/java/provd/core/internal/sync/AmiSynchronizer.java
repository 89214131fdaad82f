package provd.core.internal.sync;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import provd.core.internal.config.HostNames;
import provd.core.spi.SyncRequest;

/**
 * Asterisk AMI: has the PBX send the NOTIFY, with the {@code PJSIPNotify} action, to the phone's endpoint when its
 * SIP user name is known, to {@code sip:anonymous@<ip>:<port>} otherwise (Asterisk then needs a
 * {@code default_outbound_endpoint}). The event and the extra headers go as {@code Variable: Name=value} lines,
 * which Asterisk turns into the NOTIFY's headers. Success is the AMI's {@code Response: Success}: Asterisk does not
 * wait for the phone's answer.
 *
 * <p>A connection per request (banner, Login, PJSIPNotify, Logoff): nothing to keep alive or to recover, and the
 * rate limiter in front keeps the logins few. A few threads do the blocking I/O, each step bounded by the timeout.
 */
public final class AmiSynchronizer implements SyncMethod {
    private static final Logger LOG = LoggerFactory.getLogger(AmiSynchronizer.class);
    private static final String BANNER = "Asterisk Call Manager/";
    private static final int THREADS = 4;

    private final AmiSettings settings;
    private final ThreadPoolExecutor io;
    private final AtomicLong actions = new AtomicLong();
    private final Set<Exchange> underWay = ConcurrentHashMap.newKeySet();
    private volatile boolean retiring;

    public AmiSynchronizer(AmiSettings settings) {
        this.settings = settings;
        AtomicInteger threads = new AtomicInteger();
        this.io = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "provd-ami-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        io.allowCoreThreadTimeOut(true);
        LOG.info("NOTIFYs are sent through {}", settings);
    }

    @Override
    public CompletionStage<Void> synchronize(SyncRequest request) {
        String ip = request.ip();
        if (!HostNames.isIpAddress(ip)) {
            return CompletableFuture.failedFuture(new SyncFailure(ip, "not an IP address"));
        }
        if (retiring) {
            return CompletableFuture.failedFuture(new SyncFailure(ip, "the synchronizer stopped"));
        }
        // Asterisk splits a Variable line's value on commas into several variables
        Optional<String> split = request.headers().entrySet().stream()
                .filter(header -> header.getValue().indexOf(',') >= 0).map(Map.Entry::getKey).findFirst();
        if (split.isPresent()) {
            return CompletableFuture.failedFuture(new SyncFailure(ip, "header " + split.get()
                    + " cannot go through AMI: Asterisk would split its value on the comma"));
        }
        Exchange exchange = new Exchange(request);
        underWay.add(exchange);
        try {
            io.execute(exchange);
        } catch (RejectedExecutionException e) {
            exchange.fail(new SyncFailure(ip, "the synchronizer stopped"));
        }
        return exchange.outcome.minimalCompletionStage();
    }

    @Override
    public void retire() {
        retiring = true;
        io.shutdown(); // the exchanges already queued still run
    }

    @Override
    public void close() {
        retiring = true;
        io.shutdownNow();
        for (Exchange exchange : List.copyOf(underWay)) {
            exchange.fail(new SyncFailure(exchange.request.ip(), "the synchronizer stopped before an answer"));
        }
    }

    /** One request: a connection, a login, the action, its answer. */
    private final class Exchange implements Runnable {
        private final SyncRequest request;
        private final String target;
        private final CompletableFuture<Void> outcome = new CompletableFuture<>();
        private volatile Socket socket;

        Exchange(SyncRequest request) {
            this.request = request;
            this.target = request.sipUsername().map(user -> "endpoint " + user)
                    .orElse("URI " + uri(request));
        }

        @Override
        public void run() {
            String ip = request.ip();
            try (Socket connection = new Socket()) {
                socket = connection;
                if (outcome.isDone()) {
                    return; // closed while queued
                }
                String message = converse(connection);
                if (underWay.remove(this)) {
                    LOG.info("PJSIPNotify {} to {} ({}) through AMI {}: {}", request.event(), target, ip,
                            settings.address(), message);
                    outcome.complete(null);
                }
            } catch (SyncFailure e) {
                fail(e);
            } catch (SocketTimeoutException e) {
                fail(new SyncFailure(ip, "AMI " + settings.address() + " did not answer within "
                        + settings.timeout().toSeconds() + " s", e));
            } catch (IOException e) {
                fail(new SyncFailure(ip, "AMI " + settings.address() + ": " + describe(e), e));
            }
        }

        private String converse(Socket connection) throws IOException, SyncFailure {
            String ip = request.ip();
            int timeout = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
            connection.connect(new InetSocketAddress(settings.host(), settings.port()), timeout);
            connection.setSoTimeout(timeout);
            AmiConnection ami = new AmiConnection(connection.getInputStream(), connection.getOutputStream(),
                    settings.timeout());
            String banner = ami.readLine();
            if (!banner.startsWith(BANNER)) {
                throw new SyncFailure(ip, "AMI " + settings.address() + " is not an Asterisk manager interface "
                        + "(it said \"" + clip(banner) + "\")");
            }
            String login = actionId();
            ami.send(List.of("Action: Login", "ActionID: " + login, "Username: " + settings.username(),
                    "Secret: " + settings.secret(), "Events: off"));
            Map<String, String> loggedIn = ami.response(login);
            if (!isSuccess(loggedIn)) {
                throw new SyncFailure(ip, "AMI login as " + settings.username() + " at " + settings.address()
                        + " refused (" + describe(loggedIn) + ")");
            }
            String notify = actionId();
            List<String> action = new ArrayList<>();
            action.add("Action: PJSIPNotify");
            action.add("ActionID: " + notify);
            action.add(request.sipUsername().map(user -> "Endpoint: " + user).orElse("URI: " + uri(request)));
            action.add("Variable: Event=" + request.event());
            request.headers().forEach((name, value) -> action.add("Variable: " + name + "=" + value));
            ami.send(action);
            Map<String, String> answer = ami.response(notify);
            if (!isSuccess(answer)) {
                throw new SyncFailure(ip, "AMI PJSIPNotify to " + target + " refused (" + describe(answer) + ")");
            }
            try {
                ami.send(List.of("Action: Logoff", "ActionID: " + actionId()));
            } catch (IOException e) {
                // done already: the connection closes anyway
            }
            return answer.getOrDefault("message", "Success");
        }

        void fail(SyncFailure failure) {
            if (underWay.remove(this)) {
                LOG.warn("PJSIPNotify {} to {} failed: {}", request.event(), target, failure.getMessage());
                outcome.completeExceptionally(failure);
                Socket open = socket;
                if (open != null) {
                    try {
                        open.close(); // unblocks a read when closing
                    } catch (IOException e) {
                        // closing anyway
                    }
                }
            }
        }
    }

    private String uri(SyncRequest request) {
        return "sip:anonymous@" + SipMessages.host(request.ip()) + ":" + settings.sipPort();
    }

    private String actionId() {
        return "provd-" + actions.incrementAndGet();
    }

    private static boolean isSuccess(Map<String, String> response) {
        return "success".equalsIgnoreCase(response.get("response"));
    }

    /** {@code Response: Error, Message: Authentication failed}, the secret blotted out should the server echo it. */
    private String describe(Map<String, String> response) {
        String text = "Response: " + response.getOrDefault("response", "?")
                + (response.containsKey("message") ? ", Message: " + response.get("message") : "");
        return settings.secret().isEmpty() ? text : text.replace(settings.secret(), "****");
    }

    private static String describe(IOException e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }

    private String clip(String text) {
        String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return settings.secret().isEmpty() ? shown : shown.replace(settings.secret(), "****");
    }
}
