package provd.core.internal.pipeline;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import provd.core.api.DeviceInfo;

/**
 * Merges what several extractors said about one request: for each fact, the value most of them agree on; between
 * values as many extractors gave, the one from the most specific answer (the one that told the most facts).
 */
final class InfoMerger {
    private InfoMerger() {
    }

    static DeviceInfo merge(List<DeviceInfo> answers) {
        if (answers.isEmpty()) {
            return DeviceInfo.empty();
        }
        if (answers.size() == 1) {
            return answers.get(0);
        }
        // fact -> value -> (votes, specificity of its most specific supporter)
        Map<String, Map<String, int[]>> tally = new LinkedHashMap<>();
        for (DeviceInfo answer : answers) {
            int specificity = answer.asMap().size();
            answer.asMap().forEach((key, value) -> {
                int[] score = tally.computeIfAbsent(key, k -> new HashMap<>()).computeIfAbsent(value, v -> new int[2]);
                score[0]++;
                score[1] = Math.max(score[1], specificity);
            });
        }
        DeviceInfo.Builder merged = DeviceInfo.builder();
        tally.forEach((key, candidates) -> {
            String best = null;
            int[] bestScore = null;
            for (Map.Entry<String, int[]> candidate : candidates.entrySet()) {
                int[] score = candidate.getValue();
                if (bestScore == null || score[0] > bestScore[0]
                        || (score[0] == bestScore[0] && score[1] > bestScore[1])) {
                    best = candidate.getKey();
                    bestScore = score;
                }
            }
            put(merged, key, best);
        });
        return merged.build();
    }

    /** {@code info} with {@code key} set, through the builder's own setters so values are normalised. */
    static void put(DeviceInfo.Builder builder, String key, String value) {
        switch (key) {
            case DeviceInfo.VENDOR -> builder.vendor(value);
            case DeviceInfo.MODEL -> builder.model(value);
            case DeviceInfo.VERSION -> builder.version(value);
            case DeviceInfo.MAC -> builder.mac(value);
            case DeviceInfo.SERIAL_NUMBER -> builder.serialNumber(value);
            case DeviceInfo.UUID -> builder.uuid(value);
            case DeviceInfo.IP -> builder.ip(value);
            default -> {
                // DeviceInfo only holds the keys above
            }
        }
    }
}
