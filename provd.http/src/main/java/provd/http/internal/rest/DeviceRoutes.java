package provd.http.internal.rest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import provd.core.api.Device;
import provd.core.api.DeviceManager;
import provd.core.api.InvalidDocumentException;
import provd.core.api.MacAddress;
import provd.core.api.NotFoundException;
import provd.core.api.Operation;
import provd.core.api.Operations;
import provd.core.api.ProvisioningRequest;
import provd.core.api.ProvisioningService;
import provd.core.api.RequestType;

/** {@code /dev_mgr}: devices, reconfiguration, synchronization and DHCP information. */
final class DeviceRoutes {
    private static final String BASE = "/dev_mgr";
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern DHCP_OPTION = Pattern.compile("(\\d{3})((?:[0-9A-Fa-f]{1,2})(?:\\.[0-9A-Fa-f]{1,2})*)?");
    private static final long RECONFIGURE_TIMEOUT_SECONDS = 30;

    private final DeviceManager devices;
    private final ProvisioningService provisioning;
    private final Operations operations;

    DeviceRoutes(DeviceManager devices, ProvisioningService provisioning, Operations operations) {
        this.devices = devices;
        this.provisioning = provisioning;
        this.operations = operations;
    }

    void addTo(Router router) {
        router.add("GET", BASE, "provd.dev_mgr.read", call -> RestResponse.ok(new Links()
                        .add(BASE + "/synchronize", "dev.synchronize").add(BASE + "/reconfigure", "dev.reconfigure")
                        .add(BASE + "/dhcpinfo", "dev.dhcpinfo").add(BASE + "/devices", "dev.devices").object()))
                .add("GET", BASE + "/devices", "provd.dev_mgr.devices.read", this::find)
                .add("POST", BASE + "/devices", "provd.dev_mgr.devices.create", this::add)
                .add("GET", BASE + "/devices/{device_id}", "provd.dev_mgr.devices.{device_id}.read", this::get)
                .add("PUT", BASE + "/devices/{device_id}", "provd.dev_mgr.devices.{device_id}.update", this::update)
                .add("DELETE", BASE + "/devices/{device_id}", "provd.dev_mgr.devices.{device_id}.delete", call -> {
                    devices.remove(call.path("device_id"));
                    return RestResponse.noContent();
                })
                .add("POST", BASE + "/reconfigure", "provd.dev_mgr.reconfigure.create", this::reconfigure)
                .add("POST", BASE + "/synchronize", "provd.dev_mgr.synchronize.create", this::synchronize)
                .add("POST", BASE + "/dhcpinfo", "provd.dev_mgr.dhcpinfo.create", this::dhcpInfo);
    }

    private RestResponse find(RestCall call) {
        List<Map<String, Object>> found = new ArrayList<>();
        for (Device device : devices.find(Queries.from(call))) {
            found.add(device.asMap());
        }
        return RestResponse.ok(Map.of("devices", found));
    }

    private RestResponse add(RestCall call) {
        Device added = devices.add(Device.of(call.member("device")));
        String id = added.id().orElseThrow();
        return RestResponse.created(Links.ROOT + BASE + "/devices/" + id, Map.of("id", id));
    }

    private RestResponse get(RestCall call) {
        String id = call.path("device_id");
        Device device = devices.get(id).orElseThrow(() -> new NotFoundException("no device '" + id + "'"));
        return RestResponse.ok(Map.of("device", device.asMap()));
    }

    private RestResponse update(RestCall call) {
        String id = call.path("device_id");
        Map<String, Object> document = new LinkedHashMap<>(call.member("device"));
        Object bodyId = document.putIfAbsent(Device.ID, id);
        if (bodyId != null && !bodyId.equals(id)) {
            throw RestException.badRequest("the device's id \"" + bodyId + "\" is not the id of the URL, " + id);
        }
        devices.update(Device.of(document));
        return RestResponse.noContent();
    }

    private RestResponse reconfigure(RestCall call) {
        String id = call.idMember();
        try {
            devices.reconfigure(id).toCompletableFuture().get(RECONFIGURE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestException(503, "interrupted while reconfiguring device '" + id + "'");
        } catch (ExecutionException e) {
            throw new RestException(500, "device '" + id + "' could not be reconfigured: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            // still under way in the background: the device's configured flag will tell
            return RestResponse.noContent();
        }
        return RestResponse.noContent();
    }

    private RestResponse synchronize(RestCall call) {
        String id = call.idMember();
        Device device = devices.get(id).orElseThrow(() -> new NotFoundException("no device '" + id + "'"));
        Operation operation = operations.start("sync");
        operation.track(devices.synchronize(device.id().orElseThrow()));
        return RestResponse.created(Links.ROOT + BASE + "/synchronize/" + operation.id(), null);
    }

    private RestResponse dhcpInfo(RestCall call) {
        Map<String, Object> info = call.member("dhcp_info");
        String op = Json.string(info, "op");
        switch (op) {
            case "commit" -> provisioning.route(dhcpRequest(info));
            // a lease that ends tells nothing about the device: accepted, nothing to do
            case "expiry", "release" -> { }
            default -> throw RestException.badRequest("\"op\" must be commit, expiry or release, not " + op);
        }
        return RestResponse.noContent();
    }

    private static ProvisioningRequest dhcpRequest(Map<String, Object> info) {
        ProvisioningRequest.Builder request = ProvisioningRequest.builder(RequestType.DHCP,
                ipv4(Json.string(info, "ip")));
        try {
            request.mac(MacAddress.of(Json.string(info, "mac")));
        } catch (IllegalArgumentException e) {
            throw new InvalidDocumentException("mac", e.getMessage());
        }
        Object options = info.getOrDefault("options", List.of());
        if (!(options instanceof List<?> list)) {
            throw RestException.badRequest("\"options\" must be an array of strings, not " + Json.describe(options));
        }
        for (Object option : list) {
            if (!(option instanceof String text)) {
                throw RestException.badRequest("each DHCP option must be a string, not " + Json.describe(option));
            }
            decodeOption(text, request);
        }
        return request.build();
    }

    /** {@code 060} then the value's bytes as dot-separated hex: {@code 06044.69.67} is option 60, {@code "Dig"}. */
    static void decodeOption(String text, ProvisioningRequest.Builder request) {
        if (!DHCP_OPTION.matcher(text).matches()) {
            throw RestException.badRequest("DHCP option \"" + text + "\" is not a 3-digit code followed by "
                    + "dot-separated hexadecimal bytes");
        }
        int code = Integer.parseInt(text.substring(0, 3));
        if (code < 1 || code > 254) {
            throw RestException.badRequest("DHCP option code " + code + " is out of 1-254");
        }
        String value = text.substring(3);
        String[] tokens = value.isEmpty() ? new String[0] : value.split("\\.");
        byte[] bytes = new byte[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            bytes[i] = (byte) Integer.parseInt(tokens[i], 16);
        }
        request.dhcpOption(code, bytes);
    }

    /** A literal IPv4 address: never a host name, which would cost a DNS lookup per request. */
    private static InetAddress ipv4(String text) {
        var m = IPV4.matcher(text);
        if (m.matches()) {
            byte[] address = new byte[4];
            boolean valid = true;
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(m.group(i + 1));
                valid &= octet <= 255;
                address[i] = (byte) octet;
            }
            if (valid) {
                try {
                    return InetAddress.getByAddress(address);
                } catch (UnknownHostException impossible) {
                    throw new IllegalStateException(impossible);
                }
            }
        }
        throw new InvalidDocumentException("ip", "not an IPv4 address: " + text);
    }
}
