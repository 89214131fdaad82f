package provd.core.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The server-wide parameters operators set at run time (wazo-provd's {@code configure} resource): the plugin
 * repository, the proxies for downloads, the locale, the NAT mode. A change is saved in {@code etc/} and applies at
 * once.
 */
@ProviderType
public interface ServerParameters {
    /** The repository plugins are installed from. */
    String PLUGIN_SERVER = "plugin_server";
    String HTTP_PROXY = "http_proxy";
    String HTTPS_PROXY = "https_proxy";
    String FTP_PROXY = "ftp_proxy";
    String LOCALE = "locale";
    /** {@code 1} when every phone is behind one NAT address, {@code 0} otherwise. */
    String NAT = "NAT";

    /**
     * A parameter.
     *
     * @param value empty when not set
     */
    record Parameter(String id, String description, Optional<String> value) {
    }

    /** Every parameter, in a fixed order. */
    List<Parameter> parameters();

    Optional<Parameter> parameter(String id);

    /**
     * Sets a parameter; an empty or {@code null} value unsets it. Durable when it returns.
     *
     * @throws NotFoundException        when there is no such parameter
     * @throws InvalidDocumentException when the value is not one the parameter takes
     */
    void set(String id, String value);
}
