package provd.core.internal.sync;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import provd.core.spi.SyncRequest;
import provd.core.spi.Synchronizer;

/**
 * The {@link Synchronizer} service: the method {@code etc/provd.sync.cfg} chooses (direct SIP by default, or
 * Asterisk AMI) behind the rate limiter every request passes. One service whatever the method, so that plugins
 * never choose. A changed file applies to the requests that start after it: the phones' SIP port and the timeout
 * on the same channel; another method or source port replaces the method, the requests under way ending on the
 * old one.
 *
 * <p>A configuration that cannot work (an unknown method, AMI without a user, a source port in use) is logged, and
 * each request then fails with the same reason, where the operator looks: the operation's error, {@code provd:sync}.
 */
@Component(service = Synchronizer.class, configurationPid = ConfiguredSynchronizer.PID)
@Designate(ocd = ConfiguredSynchronizer.Config.class)
public final class ConfiguredSynchronizer implements Synchronizer {
    static final String PID = "provd.sync";
    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredSynchronizer.class);

    @ObjectClassDefinition(name = "provd synchronizer",
            description = "How phones are told to fetch their configuration again")
    @interface Config {
        @AttributeDefinition(description = "sip: a NOTIFY straight to the phone; ami: through Asterisk's manager "
                + "interface (PJSIPNotify)", options = {@Option(value = "sip"), @Option(value = "ami")})
        String method() default "sip";

        @AttributeDefinition(description = "The phones' SIP port", min = "1", max = "65535")
        int sip_port() default SipSettings.DEFAULT_PORT;

        @AttributeDefinition(description = "The local UDP port NOTIFYs leave from (0: an ephemeral one)", min = "0",
                max = "65535")
        int sip_source_port() default 0;

        @AttributeDefinition(description = "How long a NOTIFY is retransmitted before it counts as unanswered, "
                + "in seconds (RFC 3261: 64*T1 = 32)", min = "1")
        int sip_timeout_seconds() default 32;

        @AttributeDefinition(description = "The Asterisk manager interface's host")
        String ami_host() default "127.0.0.1";

        @AttributeDefinition(description = "The Asterisk manager interface's TCP port", min = "1", max = "65535")
        int ami_port() default AmiSettings.DEFAULT_PORT;

        @AttributeDefinition(description = "The manager user (manager.conf)")
        String ami_username() default "";

        /**
         * {@code .ami.secret}: a property whose name starts with a dot is private to the component (Declarative
         * Services does not copy it into the Synchronizer service's properties, which every bundle can read).
         */
        @AttributeDefinition(description = "The manager user's secret", type = AttributeType.PASSWORD)
        String _ami_secret() default "";

        @AttributeDefinition(description = "How long connecting to the AMI, and each of its answers, may take, in "
                + "seconds", min = "1")
        int ami_timeout_seconds() default 10;

        @AttributeDefinition(description = "How many NOTIFYs may start per second, on average", min = "1")
        int rate_per_second() default 20;

        @AttributeDefinition(description = "How many NOTIFYs may start at once after a quiet time", min = "1")
        int rate_burst() default 5;
    }

    private final RateLimiter limiter;
    private final Object lock = new Object();
    // Guarded by lock; method also read without it, hence volatile.
    private SyncSettings settings;
    private volatile SyncMethod method;
    /** The method replaced last, while its requests end: at most one, so that what it holds is soon free. */
    private SyncMethod draining;

    @Activate
    public ConfiguredSynchronizer(Config config, Map<String, Object> properties) {
        this(SyncSettings.of(config, properties.keySet()));
    }

    /** A synchronizer with {@code settings}, outside the framework (tests). */
    ConfiguredSynchronizer(SyncSettings settings) {
        this.limiter = new RateLimiter(settings.ratePerSecond(), settings.rateBurst());
        apply(settings);
    }

    @Modified
    void modified(Config config, Map<String, Object> properties) {
        apply(SyncSettings.of(config, properties.keySet()));
    }

    /**
     * Uses {@code next}: a new method only when what it depends on changed, the old one retired; SIP settings other
     * than the source port apply to the channel in place.
     */
    void apply(SyncSettings next) {
        synchronized (lock) {
            limiter.setRate(next.ratePerSecond(), next.rateBurst());
            // an unavailable method is opened again: the port it could not bind may be free now
            if (settings != null && next.sameMethodAs(settings) && !(method instanceof Unavailable)) {
                if (method instanceof SipNotifySynchronizer sip) {
                    sip.apply(next.sip());
                }
            } else {
                if (draining != null) {
                    // a fixed source port it still holds may be the new method's
                    draining.close();
                }
                draining = method;
                method = open(next);
                if (draining != null) {
                    draining.retire();
                }
            }
            settings = next;
        }
        LOG.info("synchronizing phones: {}", next.describe());
    }

    private static SyncMethod open(SyncSettings settings) {
        if (settings.problem().isPresent()) {
            LOG.error("etc/{}.cfg: {}; no phone can be synchronized until it is fixed", PID,
                    settings.problem().get());
            return new Unavailable(settings.problem().get());
        }
        if (settings.method() == SyncSettings.Method.AMI) {
            return new AmiSynchronizer(settings.ami());
        }
        try {
            return new SipNotifySynchronizer(settings.sip());
        } catch (IOException e) {
            String problem = "cannot open UDP port " + settings.sip().sourcePort() + " for NOTIFYs: "
                    + e.getMessage();
            LOG.error("etc/{}.cfg: {}", PID, problem);
            return new Unavailable(problem);
        }
    }

    @Deactivate
    void deactivate() {
        limiter.close();
        synchronized (lock) {
            method.close();
            if (draining != null) {
                draining.close();
            }
        }
    }

    /** Waits its turn, then sends the request by the method in force then. */
    @Override
    public CompletionStage<Void> synchronize(SyncRequest request) {
        return limiter.submit(request.ip(), () -> method.synchronize(request));
    }

    /** What a configuration that cannot work leaves: every request fails with its reason. */
    private record Unavailable(String problem) implements SyncMethod {
        @Override
        public CompletionStage<Void> synchronize(SyncRequest request) {
            return CompletableFuture.failedFuture(new SyncFailure(request.ip(),
                    "not synchronized: etc/" + PID + ".cfg: " + problem));
        }

        @Override
        public void retire() {
        }

        @Override
        public void close() {
        }
    }
}
