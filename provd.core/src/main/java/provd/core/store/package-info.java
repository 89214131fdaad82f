/**
 * Where the core keeps its documents. The core ships a JSON file store; another bundle can provide a
 * {@link provd.core.store.DocumentStore} (a database shared by several nodes) with a higher service ranking.
 */
@Export
@Version("1.2.0")
package provd.core.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
