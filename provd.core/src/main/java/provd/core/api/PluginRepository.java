package provd.core.api;

import java.util.List;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The plugin repository: plugin bundles installed, upgraded and uninstalled on the running server from the
 * repository at the {@value ServerParameters#PLUGIN_SERVER} parameter's URL, which serves an index at
 * {@code <plugin_server>/plugins.db} in wazo-provd's format (per plugin id: {@code version}, {@code description},
 * {@code dsize}, {@code sha1sum}, {@code filename}, {@code capabilities}), {@code filename} being a bundle jar beside
 * it.
 *
 * <p>Long actions run one at a time, in the order they were asked for, and report through the {@link Operation}
 * given: the bytes downloaded as progress, and sub-operations for their steps. They never leave a plugin half
 * installed: a bundle that cannot be verified, installed, started, or does not provide the plugin it is listed as is
 * removed again (an upgrade puts the previous version back). Plugins installed from the repository survive a
 * restart.
 */
@ProviderType
public interface PluginRepository {

    /**
     * Reads the index again from the repository. A valid index replaces the previous one and is kept across
     * restarts; an invalid one is refused whole (the operation's error names the entry at fault) and the previous
     * one stays.
     *
     * @return completes with the new index's entries, or fails (the operation too) with the reason
     */
    CompletionStage<List<RepositoryPlugin>> update(Operation operation);

    /** The entries of the last index read, sorted by id; empty before the first update. */
    List<RepositoryPlugin> installable();

    /** Every plugin installed, from the repository or with the distribution, sorted by id. */
    List<InstalledPlugin> installed();

    /**
     * Downloads the plugin's bundle, verifies its size and SHA-1, installs and starts it, and waits for it to
     * provide plugin {@code id}.
     *
     * @return completes with the plugin installed, or fails (the operation too) with the reason
     * @throws NotFoundException when the index has no such plugin
     * @throws ConflictException when the plugin is installed already
     */
    CompletionStage<InstalledPlugin> install(String id, Operation operation);

    /**
     * Replaces the plugin's bundle in place with the index's version of it: its devices keep it, are served the
     * files they have while it is replaced, and are configured again by the new version.
     *
     * @return completes with the plugin as upgraded, or fails (the operation too) with the reason
     * @throws NotFoundException when the plugin is not installed, or the index has no such plugin
     * @throws ConflictException when the plugin's bundle cannot be replaced: it is part of the distribution
     */
    CompletionStage<InstalledPlugin> upgrade(String id, Operation operation);

    /**
     * Stops and uninstalls the plugin's bundle and removes its directory ({@code <data>/plugins/<id>/}, its file
     * area with it). Its devices keep their records and lose their plugin. Waits for long actions asked for before.
     *
     * @throws NotFoundException when the plugin is not installed
     * @throws ConflictException when the plugin is part of the distribution (it would come back at the next start)
     */
    void uninstall(String id);
}
