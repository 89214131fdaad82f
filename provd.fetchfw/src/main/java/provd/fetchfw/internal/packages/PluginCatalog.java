package provd.fetchfw.internal.packages;

import provd.fetchfw.internal.catalog.Catalog;

/** The catalog a plugin bundle declares, and the bundle it came from. */
record PluginCatalog(String pluginId, long bundleId, Catalog catalog) {
}
