package provd.core.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import provd.core.api.Config;
import provd.core.api.Device;
import provd.core.api.MacAddress;
import provd.core.api.ProvdException;
import provd.core.api.Query;

/**
 * Gogo commands about devices and configs: {@code provd:devices}, {@code provd:device <id|mac>},
 * {@code provd:configs}, {@code provd:config [--raw] <id>}, {@code provd:reconfigure <id|mac|all>},
 * {@code provd:sync <id|mac|all>}, {@code provd:sync --config <id>}, {@code provd:import <dir>}.
 */
@Component(service = InventoryCommands.class, property = {
        "osgi.command.scope=provd",
        "osgi.command.function=devices",
        "osgi.command.function=device",
        "osgi.command.function=configs",
        "osgi.command.function=config",
        "osgi.command.function=reconfigure",
        "osgi.command.function=sync",
        "osgi.command.function=import"
})
public final class InventoryCommands {
    private final Inventory inventory;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    @Activate
    public InventoryCommands(@Reference Inventory inventory) {
        this.inventory = inventory;
    }

    /** Lists the devices, sorted by MAC. */
    public String devices() {
        List<Device> devices = inventory.findDevices(Query.all().sort(Device.MAC, Query.Order.ASC));
        if (devices.isEmpty()) {
            return "no devices";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "MAC", "IP", "VENDOR", "MODEL", "VERSION", "PLUGIN", "CONFIG", "CONFIGURED"});
        for (Device d : devices) {
            rows.add(new String[] {d.id().orElse(""), d.mac().orElse("-"), d.ip().orElse("-"),
                    d.vendor().orElse("-"), d.model().orElse("-"), d.version().orElse("-"), d.plugin().orElse("-"),
                    d.config().orElse("-"), d.configured() ? "yes" : "no"});
        }
        return TextTable.format(rows) + devices.size() + " device(s)";
    }

    /** Shows one device, found by id or MAC. */
    public String device(String idOrMac) {
        return find(idOrMac).map(d -> toJson(d.asMap())).orElse("no device '" + idOrMac + "'");
    }

    /** Lists the configs, with how many devices use each. */
    public String configs() {
        List<Config> configs = new ArrayList<>(inventory.findConfigs(Query.all()));
        configs.sort(Comparator.comparing(c -> c.id().orElse("")));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "PARENTS", "ROLE", "TRANSIENT", "DELETABLE", "DEVICES", "LABEL"});
        for (Config c : configs) {
            String id = c.id().orElse("");
            rows.add(new String[] {id, String.join(",", c.parentIds()), c.role().orElse("-"),
                    c.isTransient() ? "yes" : "no", c.deletable() ? "yes" : "no",
                    String.valueOf(inventory.countDevices(Query.where(Device.CONFIG, id))),
                    c.string(Config.LABEL).orElse("-")});
        }
        return TextTable.format(rows) + configs.size() + " config(s)";
    }

    /** Shows one config document. */
    public String config(String id) {
        return inventory.config(id).map(c -> toJson(c.asMap())).orElse("no config '" + id + "'");
    }

    /** {@code --raw}: shows the config's resolved raw config instead. */
    public String config(String option, String id) {
        if (!option.equals("--raw")) {
            return "usage: provd:config [--raw] <id>";
        }
        try {
            return toJson(inventory.rawConfig(id).asMap());
        } catch (ProvdException e) {
            return e.getMessage();
        }
    }

    /** Reconfigures one device (by id or MAC), or {@code all}, and waits for it. */
    public String reconfigure(String idOrMacOrAll) {
        List<String> ids = idOrMacOrAll.equals("all")
                ? inventory.devices().stream().map(d -> d.id().orElseThrow()).toList()
                : find(idOrMacOrAll).map(d -> List.of(d.id().orElseThrow())).orElse(List.of());
        if (ids.isEmpty()) {
            return idOrMacOrAll.equals("all") ? "no devices" : "no device '" + idOrMacOrAll + "'";
        }
        List<CompletableFuture<Device>> runs = ids.stream()
                .map(id -> inventory.reconfigureDevice(id).toCompletableFuture()).toList();
        long configured = runs.stream().map(CompletableFuture::join).filter(Device::configured).count();
        return "reconfigured " + ids.size() + " device(s): " + configured + " configured, "
                + (ids.size() - configured) + " not (see the log for why)";
    }

    /**
     * Tells one device (by id or MAC), or {@code all}, to fetch its files again, waits for the outcome and shows it:
     * the phone's answer, or why it did not take the request.
     */
    public String sync(String idOrMacOrAll) throws InterruptedException {
        if (idOrMacOrAll.equals("all")) {
            return sync(List.copyOf(inventory.devices()), "no devices");
        }
        Optional<Device> device = find(idOrMacOrAll);
        if (device.isEmpty()) {
            return "no device '" + idOrMacOrAll + "'";
        }
        String failure = await(device.get());
        return describe(device.get()) + (failure == null ? ": synchronized" : ": not synchronized: " + failure);
    }

    /**
     * {@code --config <id>}: tells every device using the config to fetch its files again. The synchronizer paces
     * the requests; this waits for every outcome.
     */
    public String sync(String option, String configId) throws InterruptedException {
        if (!option.equals("--config")) {
            return "usage: provd:sync <id|mac|all> | provd:sync --config <config id>";
        }
        if (inventory.config(configId).isEmpty()) {
            return "no config '" + configId + "'";
        }
        return sync(inventory.findDevices(Query.where(Device.CONFIG, configId)),
                "no device uses config '" + configId + "'");
    }

    private String sync(List<Device> devices, String none) throws InterruptedException {
        if (devices.isEmpty()) {
            return none;
        }
        // all requested at once: the synchronizer spreads them out at its rate
        List<CompletableFuture<Void>> runs = devices.stream().map(this::start).toList();
        StringBuilder failures = new StringBuilder();
        int succeeded = 0;
        for (int i = 0; i < devices.size(); i++) {
            String failure = await(runs.get(i));
            if (failure == null) {
                succeeded++;
            } else {
                failures.append("\n  ").append(describe(devices.get(i))).append(": ").append(failure);
            }
        }
        return "synchronized " + succeeded + " of " + devices.size() + " device(s)"
                + (failures.length() == 0 ? "" : "; not synchronized:" + failures);
    }

    private CompletableFuture<Void> start(Device device) {
        try {
            return inventory.synchronizeDevice(device.id().orElseThrow()).toCompletableFuture();
        } catch (ProvdException e) {
            return CompletableFuture.failedFuture(e); // removed meanwhile
        }
    }

    /** Synchronizes the device; null on success, the reason otherwise. */
    private String await(Device device) throws InterruptedException {
        return await(start(device));
    }

    private static String await(CompletableFuture<Void> run) throws InterruptedException {
        try {
            run.get();
            return null;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        }
    }

    private static String describe(Device device) {
        return "device " + device.id().orElse("?") + " (" + device.mac().orElse("no MAC") + ", "
                + device.ip().orElse("no IP") + ")";
    }

    /** Imports a wazo-provd jsondb directory. ({@code import} is a Java keyword: Gogo maps it to {@code _import}.) */
    public String _import(String dir) {
        try {
            return new WazoImport(inventory).run(Path.of(dir)).describe();
        } catch (IOException e) {
            return "cannot import " + dir + ": " + e.getMessage();
        }
    }

    private Optional<Device> find(String idOrMac) {
        Optional<Device> byId = inventory.device(idOrMac);
        return byId.isPresent() ? byId : MacAddress.parse(idOrMac).flatMap(mac -> inventory.byMac(mac.toString()));
    }

    private String toJson(Map<String, Object> document) {
        try {
            return json.writeValueAsString(new TreeMap<>(document));
        } catch (JsonProcessingException e) {
            return "cannot show it: " + e.getMessage();
        }
    }
}
