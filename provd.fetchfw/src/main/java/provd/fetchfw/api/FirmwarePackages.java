package provd.fetchfw.api;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The firmware packages of the plugins present: each plugin bundle that names a catalog in its
 * {@value #PACKAGES_HEADER} header contributes that catalog's packages while it is installed. Installing a package
 * downloads its files, runs its recipe in a scratch directory and, only when every step succeeded, copies the result
 * into the plugin's file area and records which files it put there; uninstalling removes exactly those files.
 * Package operations run one at a time, in the order they were asked for.
 */
@ProviderType
public interface FirmwarePackages {

    /** The ids of the plugins that have a catalog. */
    Set<String> plugins();

    /**
     * Every package of the plugin's catalog, installed or not, sorted by id.
     *
     * @throws PackageException {@link PackageException.Reason#UNKNOWN_PLUGIN} when no catalog has that plugin id
     */
    List<PackageInfo> packages(String pluginId) throws PackageException;

    /**
     * Installs a package, after the packages it depends on that are not installed yet. Completes with the package as
     * installed, or exceptionally with a {@link PackageException} saying why nothing was installed.
     */
    CompletionStage<PackageInfo> install(String pluginId, String packageId, PackageProgress progress);

    /**
     * Replaces an installed package with the catalog's version: the new files are prepared completely before the old
     * ones are replaced; files of the old version the new one lacks are removed.
     */
    CompletionStage<PackageInfo> upgrade(String pluginId, String packageId, PackageProgress progress);

    /** Removes the files an installed package put into the file area, and its record. */
    void uninstall(String pluginId, String packageId) throws PackageException;

    /**
     * The manifest header of a plugin bundle naming its catalog: the path of a pkgs.db file in the bundle, with the
     * plugin id as the {@value #PLUGIN_ATTRIBUTE} attribute ({@code pkgs/pkgs.db;plugin=digium-2.8.1}).
     */
    String PACKAGES_HEADER = "Provd-Packages";

    /** The attribute of {@value #PACKAGES_HEADER} giving the plugin id whose file area receives the packages. */
    String PLUGIN_ATTRIBUTE = "plugin";
}
