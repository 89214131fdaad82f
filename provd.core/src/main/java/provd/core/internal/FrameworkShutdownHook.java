package provd.core.internal;

import java.time.Duration;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the framework cleanly when the JVM is asked to exit (SIGTERM, SIGINT, a service manager's stop), so that
 * servers close and stores flush instead of being cut off: the launcher itself does not stop the framework on a
 * signal.
 */
@Component(configurationPid = FrameworkShutdownHook.PID, immediate = true, service = {})
@Designate(ocd = FrameworkShutdownHook.Config.class)
public final class FrameworkShutdownHook {
    static final String PID = "provd.runtime";
    private static final Logger LOG = LoggerFactory.getLogger(FrameworkShutdownHook.class);

    @ObjectClassDefinition(name = "provd runtime", description = "How the server process stops")
    @interface Config {
        @AttributeDefinition(description = "How long a stop on SIGTERM waits for every bundle to stop, in seconds",
                min = "1")
        int stop_timeout_seconds() default 30;
    }

    private final Framework framework;
    private final Thread hook = new Thread(this::stopFramework, "provd-shutdown");
    private volatile Duration stopTimeout;

    @Activate
    public FrameworkShutdownHook(BundleContext context, Config config) {
        Bundle systemBundle = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        if (!(systemBundle instanceof Framework)) {
            throw new IllegalStateException("the system bundle is not a launchable framework: " + systemBundle);
        }
        this.framework = (Framework) systemBundle;
        apply(config);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Modified
    void apply(Config config) {
        stopTimeout = Duration.ofSeconds(Math.max(1, config.stop_timeout_seconds()));
        LOG.info("on SIGTERM the framework gets {} s to stop", stopTimeout.toSeconds());
    }

    @Deactivate
    void deactivate() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shutdownInProgress) {
            // We are being stopped by the hook itself.
        }
    }

    private void stopFramework() {
        LOG.info("JVM shutdown requested: stopping the framework");
        try {
            framework.stop();
            FrameworkEvent event = framework.waitForStop(stopTimeout.toMillis());
            if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                LOG.warn("the framework did not stop within {} s; exiting anyway", stopTimeout.toSeconds());
            }
        } catch (BundleException e) {
            LOG.error("could not stop the framework", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
