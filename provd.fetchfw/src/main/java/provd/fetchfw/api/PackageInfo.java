package provd.fetchfw.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A firmware package of a plugin's catalog, as the operator sees it.
 *
 * @param id               the package id ({@code firmware}, {@code lang-fr})
 * @param version          the version the catalog offers
 * @param descriptions     the description by language: {@code ""} is the default, {@code fr} French
 * @param downloadSize     the bytes to download to install it (its files, not counting what the cache has)
 * @param installedVersion the version installed, if it is
 * @param manualFiles      the cache names of its files the operator must put into the cache by hand and has not yet
 * @param unsupported      why it cannot be installed here, when it cannot (a command no Java library implements)
 */
public record PackageInfo(String id, String version, Map<String, String> descriptions, long downloadSize,
        Optional<String> installedVersion, List<String> manualFiles, Optional<String> unsupported) {

    public PackageInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        descriptions = Map.copyOf(descriptions);
        manualFiles = List.copyOf(manualFiles);
        Objects.requireNonNull(installedVersion, "installedVersion");
        Objects.requireNonNull(unsupported, "unsupported");
    }

    /** The description in {@code language}, else the default one. */
    public String description(String language) {
        return descriptions.getOrDefault(language, descriptions.getOrDefault("", ""));
    }

    public boolean isInstalled() {
        return installedVersion.isPresent();
    }

    /** Whether installing it now would change something: not installed, or installed in another version. */
    public boolean isInstallable() {
        return installedVersion.map(installed -> !installed.equals(version)).orElse(true);
    }
}
