package provd.core.internal.config;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import provd.core.api.Config;
import provd.core.api.InvalidDocumentException;
import provd.core.api.NotFoundException;
import provd.core.api.RawConfig;

/**
 * The configs and their inheritance: who inherits from whom, and each config's resolved raw config, cached until
 * the config, one of its ancestors or the server's base raw config changes. Mutations are the caller's to
 * serialise; reads are safe from any thread.
 */
public final class ConfigGraph {
    private final Map<String, Config> configs = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> children = new ConcurrentHashMap<>();
    private final Map<String, RawConfig> resolved = new ConcurrentHashMap<>();
    /** Role to the ids of the configs that have it ({@code autocreate} is looked up for every new phone). */
    private final Map<String, Set<String>> byRole = new ConcurrentHashMap<>();
    private volatile Map<String, Object> base = Map.of();
    /** Bumped by every change, so that a resolution racing with a change is not cached stale. */
    private final AtomicLong generation = new AtomicLong();

    public Optional<Config> get(String id) {
        return Optional.ofNullable(configs.get(id));
    }

    public Collection<Config> all() {
        return configs.values();
    }

    public int size() {
        return configs.size();
    }

    /** The ids of the configs that name {@code id} among their parents. */
    public Set<String> children(String id) {
        return Set.copyOf(children.getOrDefault(id, Set.of()));
    }

    /** {@code id} and every config that inherits from it, directly or not. */
    public Set<String> withDescendants(String id) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(id));
        while (!todo.isEmpty()) {
            String next = todo.poll();
            if (seen.add(next)) {
                todo.addAll(children.getOrDefault(next, Set.of()));
            }
        }
        return seen;
    }

    /**
     * Checks that {@code config} could take its place: its parents exist and inheriting from them makes no cycle.
     *
     * @throws InvalidDocumentException naming {@code parent_ids}
     */
    public void checkParents(Config config) {
        String id = config.id().orElseThrow();
        List<String> parents = config.parentIds();
        if (new HashSet<>(parents).size() != parents.size()) {
            throw new InvalidDocumentException(Config.PARENT_IDS, "lists a parent twice: " + parents);
        }
        for (String parent : parents) {
            if (parent.equals(id)) {
                throw new InvalidDocumentException(Config.PARENT_IDS, "config '" + id + "' cannot inherit from itself");
            }
            if (!configs.containsKey(parent)) {
                throw new InvalidDocumentException(Config.PARENT_IDS, "no config '" + parent + "'");
            }
            if (withDescendants(id).contains(parent)) {
                throw new InvalidDocumentException(Config.PARENT_IDS,
                        "inheriting from '" + parent + "' would make a cycle: '" + parent + "' inherits from '" + id + "'");
            }
        }
    }

    /** Adds or replaces a config whose parents were checked. */
    public void put(Config config) {
        String id = config.id().orElseThrow();
        Config previous = configs.put(id, config);
        if (previous != null) {
            previous.parentIds().forEach(parent -> unlink(parent, id));
            previous.role().ifPresent(role -> unlinkRole(role, id));
        }
        config.role().ifPresent(role -> byRole.computeIfAbsent(role, r -> ConcurrentHashMap.newKeySet()).add(id));
        config.parentIds().forEach(parent -> children.computeIfAbsent(parent, p -> ConcurrentHashMap.newKeySet()).add(id));
        invalidate(id);
    }

    /** Removes a config that no other config inherits from. */
    public void remove(String id) {
        Config previous = configs.remove(id);
        if (previous != null) {
            previous.parentIds().forEach(parent -> unlink(parent, id));
            previous.role().ifPresent(role -> unlinkRole(role, id));
            invalidate(id);
        }
        children.remove(id);
    }

    /** A config with this role (the one with the smallest id, should several have it). */
    public Optional<Config> withRole(String role) {
        return byRole.getOrDefault(role, Set.of()).stream().sorted().findFirst().flatMap(this::get);
    }

    private void unlinkRole(String role, String id) {
        Set<String> ids = byRole.get(role);
        if (ids != null) {
            ids.remove(id);
        }
    }

    private void unlink(String parent, String child) {
        Set<String> siblings = children.get(parent);
        if (siblings != null) {
            siblings.remove(child);
        }
    }

    /** Replaces the server's base raw config, under every config. */
    public void setBase(Map<String, Object> base) {
        this.base = Map.copyOf(base);
        generation.incrementAndGet();
        resolved.clear();
    }

    /**
     * The base raw config, then the own raw config of each ancestor, then the config's own. Ancestors are walked
     * along {@code parent_ids} in order, depth first, each visited once (a parent's ancestors before the parent), so
     * later parents win over earlier ones and a shared ancestor does not undo what came after it.
     */
    public RawConfig resolve(String id) {
        RawConfig cached = resolved.get(id);
        if (cached != null) {
            return cached;
        }
        long before = generation.get();
        Config config = configs.get(id);
        if (config == null) {
            throw new NotFoundException("no config '" + id + "'");
        }
        List<Config> ancestors = new ArrayList<>();
        Set<String> visited = new HashSet<>(Set.of(id));
        config.parentIds().forEach(parent -> collectAncestors(parent, visited, ancestors));
        Map<String, Object> raw = base;
        for (Config ancestor : ancestors) {
            raw = RawConfigMerge.merge(raw, ancestor.rawConfig());
        }
        RawConfig result = RawConfig.of(RawConfigMerge.merge(raw, config.rawConfig()));
        resolved.put(id, result);
        if (generation.get() != before) {
            resolved.remove(id, result);
        }
        return result;
    }

    private void collectAncestors(String id, Set<String> visited, List<Config> ancestors) {
        Config config = configs.get(id);
        if (config == null || !visited.add(id)) {
            return;
        }
        config.parentIds().forEach(parent -> collectAncestors(parent, visited, ancestors));
        ancestors.add(config);
    }

    private void invalidate(String id) {
        generation.incrementAndGet();
        for (String affected : withDescendants(id)) {
            resolved.remove(affected);
        }
    }

    /** Ids of every config, for callers that walk them all. */
    public List<String> ids() {
        return new ArrayList<>(configs.keySet());
    }
}
