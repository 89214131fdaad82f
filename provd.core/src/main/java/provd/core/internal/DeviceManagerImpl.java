package provd.core.internal;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import provd.core.api.Device;
import provd.core.api.DeviceManager;
import provd.core.api.Query;

/** The devices of the {@link Inventory}, as the API offers them. */
@Component
public final class DeviceManagerImpl implements DeviceManager {
    private final Inventory inventory;

    @Activate
    public DeviceManagerImpl(@Reference Inventory inventory) {
        this.inventory = inventory;
    }

    @Override
    public Device add(Device device) {
        return inventory.addDevice(device);
    }

    @Override
    public Device update(Device device) {
        return inventory.updateDevice(device);
    }

    @Override
    public void remove(String id) {
        inventory.removeDevice(id);
    }

    @Override
    public Optional<Device> get(String id) {
        return inventory.device(id);
    }

    @Override
    public List<Device> find(Query query) {
        return inventory.findDevices(query);
    }

    @Override
    public int count(Query query) {
        return inventory.countDevices(query);
    }

    @Override
    public CompletionStage<Device> reconfigure(String id) {
        return inventory.reconfigureDevice(id);
    }

    @Override
    public CompletionStage<Void> synchronize(String id) {
        return inventory.synchronizeDevice(id);
    }
}
