package provd.core.internal;

import java.lang.management.ManagementFactory;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs, once, how long after the JVM started every bundle became active: the figure operators and the startup
 * benchmark read ({@code all 25 bundles active 1234 ms after the JVM started}).
 */
@Component(immediate = true, service = {})
public final class StartupReport implements BundleListener {
    private static final Logger LOG = LoggerFactory.getLogger(StartupReport.class);

    private final BundleContext context;
    private boolean reported;

    @Activate
    public StartupReport(BundleContext context) {
        this.context = context;
        context.addBundleListener(this);
        check();
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(this);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        if (event.getType() == BundleEvent.STARTED) {
            check();
        }
    }

    private synchronized void check() {
        if (reported) {
            return;
        }
        Bundle[] bundles = context.getBundles();
        for (Bundle bundle : bundles) {
            boolean fragment = (bundle.adapt(BundleRevision.class).getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
            if (!fragment && bundle.getState() != Bundle.ACTIVE) {
                return;
            }
        }
        reported = true;
        long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        LOG.info("all {} bundles active {} ms after the JVM started", bundles.length, sinceJvmStart);
        context.removeBundleListener(this);
    }
}
