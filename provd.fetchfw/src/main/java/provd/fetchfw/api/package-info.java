/**
 * Downloads and firmware packages: the {@link provd.fetchfw.api.Downloader} fetches files into the cache and
 * verifies them; {@link provd.fetchfw.api.FirmwarePackages} installs the firmware packages plugin bundles declare
 * into their file areas.
 */
@Export
@Version("1.0.0")
package provd.fetchfw.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
