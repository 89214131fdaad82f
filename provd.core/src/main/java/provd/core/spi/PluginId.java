package provd.core.spi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * The plugin a service belongs to: the {@value #PROPERTY} service property, which every extractor, associator and
 * configurator of a plugin must carry with the same value. A plugin id is unique and names one version of a plugin
 * ({@code digium-2.8.1}); a new version is a new id. Put it on a component:
 *
 * <pre>
 * &#64;Component(service = PluginAssociator.class)
 * &#64;PluginId("digium-2.8.1")
 * public final class DigiumAssociator implements PluginAssociator { ... }
 * </pre>
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface PluginId {
    /** Turns this single-element annotation's derived name {@code plugin.id} into {@value #PROPERTY}. */
    String PREFIX_ = "provd.";

    /** The service property naming a plugin service's plugin. */
    String PROPERTY = "provd.plugin.id";

    /** The plugin id, e.g. {@code digium-2.8.1}. */
    String value();
}
