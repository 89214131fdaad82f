/**
 * The provisioning domain and the services the core provides: devices, configurations, provisioning requests, the
 * plugin registry and the plugin repository. Transports and operators' tools use these; they never see the core's
 * internals.
 */
@Export
@Version("1.3.0")
package provd.core.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
