package provd.http.internal.rest;

import java.util.Map;

import provd.core.api.NotFoundException;
import provd.core.api.OperationStatus;
import provd.core.api.Operations;

/**
 * The operations in progress: {@code /operation/{id}}, and the per-route URLs of wazo-provd
 * ({@code /dev_mgr/synchronize/{id}}, {@code /pg_mgr/plugins/{plugin_id}/install/install/{id}}), all reading the
 * same operations. A status reads
 * {@code {"status": "sync|fail", "error": "..."}}: the spec's status string, and the reason of a failure.
 */
final class OperationRoutes {
    private final Operations operations;

    OperationRoutes(Operations operations) {
        this.operations = operations;
    }

    void addTo(Router router) {
        for (String base : new String[] {"/operation", "/dev_mgr/synchronize",
                "/pg_mgr/plugins/{plugin_id}/install/install", "/pg_mgr/plugins/{plugin_id}/install/upgrade"}) {
            router.add("GET", base + "/{operation_id}", "provd.operation.read", call -> {
                return RestResponse.ok(body(existing(call.path("operation_id"))));
            });
            router.add("DELETE", base + "/{operation_id}", "provd.operation.delete", call -> {
                existing(call.path("operation_id"));
                operations.remove(call.path("operation_id"));
                return RestResponse.noContent();
            });
        }
    }

    /** An operation's status as the API shows it: the status string, and the reason of a failure. */
    static Map<String, Object> body(OperationStatus status) {
        return status.error().isPresent()
                ? Map.of("status", status.toString(), "error", status.error().get())
                : Map.of("status", status.toString());
    }

    private OperationStatus existing(String id) {
        return operations.status(id).orElseThrow(() -> new NotFoundException("no operation '" + id + "'"));
    }
}
