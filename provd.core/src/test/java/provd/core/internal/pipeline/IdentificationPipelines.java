package provd.core.internal.pipeline;

import java.lang.annotation.Annotation;

import provd.core.api.AccessGuard;
import provd.core.internal.Inventory;
import provd.core.internal.PluginServices;

/** Pipelines for code outside this package (benchmarks). */
public final class IdentificationPipelines {
    private IdentificationPipelines() {
    }

    /** A pipeline in normal mode: not secure, no NAT, mismatches logged. */
    public static IdentificationPipeline normal(Inventory inventory, PluginServices plugins, AccessGuard guard) {
        return new IdentificationPipeline(inventory, plugins, guard, () -> false, new IdentificationPipeline.Settings() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return IdentificationPipeline.Settings.class;
            }

            @Override
            public boolean secure() {
                return false;
            }

            @Override
            public boolean nat() {
                return false;
            }

            @Override
            public boolean deny_sensitive_mismatch() {
                return false;
            }

            @Override
            public int new_devices_per_address_per_minute() {
                return 60;
            }
        });
    }

    public static void stop(IdentificationPipeline pipeline) {
        pipeline.deactivate();
    }
}
