package provd.fetchfw.internal.download;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** Typed configurations of the downloader built from a map, as Declarative Services builds them. */
final class TestConfigs {
    private TestConfigs() {
    }

    /** A {@link CachingDownloader.Config} with {@code keysAndValues} (method names), defaults elsewhere. */
    static CachingDownloader.Config config(Object... keysAndValues) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return (CachingDownloader.Config) Proxy.newProxyInstance(CachingDownloader.Config.class.getClassLoader(),
                new Class<?>[] {CachingDownloader.Config.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "annotationType":
                            return CachingDownloader.Config.class;
                        case "toString":
                            return "Config" + values;
                        case "hashCode":
                            return values.hashCode();
                        case "equals":
                            return proxy == args[0];
                        default:
                            Object v = values.get(method.getName());
                            return v != null ? v : method.getDefaultValue();
                    }
                });
    }
}
