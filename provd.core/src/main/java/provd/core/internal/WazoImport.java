package provd.core.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

import provd.core.api.Config;
import provd.core.api.Device;
import provd.core.api.ProvdException;
import provd.core.store.DocumentStore;

/**
 * Imports a wazo-provd jsondb directory ({@code configs/<id>} and {@code devices/<id>}, one JSON document per file)
 * through the inventory, so every document is validated like any other write. Configs come first, parents before
 * children; a document whose id exists is refused, as is any the inventory refuses. The directory is only read.
 */
final class WazoImport {
    /** What an import did. */
    record Report(int configs, int devices, List<String> refused) {
        String describe() {
            StringBuilder sb = new StringBuilder("imported " + configs + " config(s) and " + devices + " device(s)");
            sb.append(refused.isEmpty() ? "; none refused" : "; refused " + refused.size() + ":");
            refused.forEach(reason -> sb.append("\n  ").append(reason));
            return sb.toString();
        }
    }

    private final Inventory inventory;
    private final ObjectMapper json = new ObjectMapper();

    WazoImport(Inventory inventory) {
        this.inventory = inventory;
    }

    Report run(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("not a directory: " + dir);
        }
        List<String> refused = new ArrayList<>();
        Map<String, Map<String, Object>> configs = read(dir.resolve(DocumentStore.CONFIGS), refused);
        int configCount = 0;
        for (String id : parentsFirst(configs)) {
            if (add("config", id, () -> inventory.addConfig(Config.of(configs.get(id))), refused)) {
                configCount++;
            }
        }
        Map<String, Map<String, Object>> devices = read(dir.resolve(DocumentStore.DEVICES), refused);
        int deviceCount = 0;
        for (Map.Entry<String, Map<String, Object>> device : devices.entrySet()) {
            if (add("device", device.getKey(), () -> inventory.addDevice(Device.of(device.getValue())), refused)) {
                deviceCount++;
            }
        }
        return new Report(configCount, deviceCount, refused);
    }

    private static boolean add(String kind, String id, Runnable add, List<String> refused) {
        try {
            add.run();
            return true;
        } catch (ProvdException | IllegalArgumentException e) {
            refused.add(kind + " " + id + ": " + e.getMessage());
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> read(Path collection, List<String> refused) throws IOException {
        Map<String, Map<String, Object>> docs = new LinkedHashMap<>();
        if (!Files.isDirectory(collection)) {
            return docs;
        }
        try (Stream<Path> files = Files.list(collection)) {
            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                String name = file.getFileName().toString();
                if (name.startsWith(".") || !Files.isRegularFile(file)) {
                    continue;
                }
                try {
                    Map<String, Object> doc = json.readValue(file.toFile(), Map.class);
                    // the file name is the id, as in wazo-provd
                    doc.put("id", name);
                    docs.put(name, doc);
                } catch (IOException | ClassCastException e) {
                    refused.add(collection.getFileName() + " " + name + ": not a JSON object ("
                            + e.getMessage().lines().findFirst().orElse("") + ")");
                }
            }
        }
        return docs;
    }

    private static List<String> parentsFirst(Map<String, Map<String, Object>> configs) {
        List<String> order = new ArrayList<>();
        List<String> remaining = new ArrayList<>(configs.keySet());
        boolean progress = true;
        while (!remaining.isEmpty() && progress) {
            progress = false;
            for (String id : List.copyOf(remaining)) {
                boolean ready = Config.of(configs.get(id)).parentIds().stream()
                        .allMatch(parent -> order.contains(parent) || !configs.containsKey(parent));
                if (ready) {
                    order.add(id);
                    remaining.remove(id);
                    progress = true;
                }
            }
        }
        order.addAll(remaining); // a cycle: the inventory refuses them, naming it
        return order;
    }
}
