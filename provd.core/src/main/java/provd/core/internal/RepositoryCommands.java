package provd.core.internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import provd.core.api.InstalledPlugin;
import provd.core.api.Operation;
import provd.core.api.Operations;
import provd.core.api.PluginRepository;
import provd.core.api.ProvdException;
import provd.core.api.RepositoryPlugin;

/**
 * Gogo commands of the plugin repository: {@code provd:repo-update}, {@code provd:repo-list},
 * {@code provd:install <id>}, {@code provd:upgrade <id>}, {@code provd:uninstall <id>}. Each waits until its action
 * is done, showing its progress, and answers with the result. The long actions are operations in progress like the
 * REST API's, visible at {@code /provd/operation/<id>} while they run.
 */
@Component(service = RepositoryCommands.class, property = {
        "osgi.command.scope=provd",
        "osgi.command.function=repo-update",
        "osgi.command.function=repo-list",
        "osgi.command.function=install",
        "osgi.command.function=upgrade",
        "osgi.command.function=uninstall"
})
public final class RepositoryCommands {
    private static final long POLL_MILLIS = 200;

    private final PluginRepository repository;
    private final Operations operations;

    @Activate
    public RepositoryCommands(@Reference PluginRepository repository, @Reference Operations operations) {
        this.repository = repository;
        this.operations = operations;
    }

    /**
     * The commands whose names no Java method can have: Gogo calls {@code _main} with the command's name first when
     * no method has its name.
     */
    public String _main(String function) {
        return switch (function) {
            case "repo-update" -> update();
            case "repo-list" -> list();
            default -> "usage: provd:" + function + " <plugin id>";
        };
    }

    /** Reads the repository's index again. */
    String update() {
        return follow("update", repository::update, entries -> "plugin index updated: " + entries.size()
                + " plugin(s) installable (provd:repo-list)");
    }

    /** The index's plugins and the installed ones: id, version in the index, version installed, description. */
    String list() {
        Map<String, String[]> rows = new TreeMap<>();
        for (RepositoryPlugin plugin : repository.installable()) {
            rows.put(plugin.id(), new String[] {plugin.id(), plugin.version(), "-", plugin.description()});
        }
        for (InstalledPlugin plugin : repository.installed()) {
            String[] row = rows.computeIfAbsent(plugin.id(),
                    id -> new String[] {id, "-", "-", plugin.description()});
            row[2] = plugin.version();
        }
        if (rows.isEmpty()) {
            return "no plugins: set the plugin_server parameter, then provd:repo-update";
        }
        List<String[]> table = new ArrayList<>();
        table.add(new String[] {"ID", "VERSION", "INSTALLED", "DESCRIPTION"});
        table.addAll(rows.values());
        return TextTable.format(table);
    }

    /** Downloads, verifies, installs and starts a plugin from the repository. */
    public String install(String id) {
        return follow("install", operation -> repository.install(id, operation),
                plugin -> "plugin " + plugin.id() + " " + plugin.version() + " installed");
    }

    /** Replaces an installed plugin with the repository's version of it; its devices are configured again. */
    public String upgrade(String id) {
        return follow("upgrade", operation -> repository.upgrade(id, operation),
                plugin -> "plugin " + plugin.id() + " upgraded to " + plugin.version());
    }

    /** Uninstalls a plugin and removes its directory; its devices keep their records. */
    public String uninstall(String id) {
        try {
            repository.uninstall(id);
            return "plugin " + id + " uninstalled";
        } catch (ProvdException | IllegalStateException e) {
            return e.getMessage();
        }
    }

    /** Starts an action as an operation, shows its progress until it ends, and describes how it ended. */
    private <T> String follow(String label, Function<Operation, CompletionStage<T>> action,
            Function<T, String> describe) {
        Operation operation = operations.start(label);
        boolean forget = true;
        try {
            CompletableFuture<T> result;
            try {
                result = action.apply(operation).toCompletableFuture();
            } catch (ProvdException e) {
                return e.getMessage();
            }
            PrintStream out = System.out; // Gogo points it at the session running the command
            ProgressPrinter progress = new ProgressPrinter(out, System.console() != null);
            while (!result.isDone()) {
                operations.status(operation.id()).ifPresent(progress::show);
                try {
                    result.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException | ExecutionException stillRunningOrEnded) {
                    // shown below
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    progress.end();
                    forget = false;
                    return label + " goes on in the background: /provd/operation/" + operation.id();
                }
            }
            operations.status(operation.id()).ifPresent(progress::show);
            progress.end();
            try {
                return describe.apply(result.join());
            } catch (CompletionException e) {
                return label + " failed: " + e.getCause().getMessage();
            }
        } finally {
            if (forget) {
                operations.remove(operation.id());
            }
        }
    }
}
