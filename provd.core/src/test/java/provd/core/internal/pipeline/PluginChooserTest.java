package provd.core.internal.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import provd.core.api.DeviceInfo;
import provd.core.spi.DeviceSupport;
import provd.core.spi.PluginAssociator;

class PluginChooserTest {
    private static final DeviceInfo INFO = DeviceInfo.builder().vendor("Digium").model("D40").build();

    private static PluginAssociator fixed(DeviceSupport support) {
        return info -> support;
    }

    private static Optional<PluginChooser.Choice> best(Object... idsAndAssociators) {
        Map<String, PluginAssociator> associators = new LinkedHashMap<>();
        for (int i = 0; i < idsAndAssociators.length; i += 2) {
            associators.put((String) idsAndAssociators[i], (PluginAssociator) idsAndAssociators[i + 1]);
        }
        return PluginChooser.best(associators, INFO);
    }

    @Test
    void theBestSupportWins() {
        assertEquals(Optional.of(new PluginChooser.Choice("b", DeviceSupport.EXACT)),
                best("a", fixed(DeviceSupport.COMPLETE), "b", fixed(DeviceSupport.EXACT),
                        "c", fixed(DeviceSupport.PROBABLE)));
        assertEquals(Optional.of(new PluginChooser.Choice("a", DeviceSupport.INCOMPLETE)),
                best("a", fixed(DeviceSupport.INCOMPLETE), "z", fixed(DeviceSupport.PROBABLE)));
    }

    @Test
    void aTieGoesToTheHighestPluginId() {
        assertEquals("digium-2.8.1", best("digium-2.8.1", fixed(DeviceSupport.COMPLETE),
                "digium-2.2.1.8", fixed(DeviceSupport.COMPLETE)).orElseThrow().pluginId());
        assertEquals("digium-2.8.1", best("digium-2.2.1.8", fixed(DeviceSupport.COMPLETE),
                "digium-2.8.1", fixed(DeviceSupport.COMPLETE)).orElseThrow().pluginId());
    }

    @Test
    void improbableIsNeverChosen() {
        assertEquals(Optional.empty(), best("a", fixed(DeviceSupport.IMPROBABLE), "b", fixed(DeviceSupport.IMPROBABLE)));
        assertEquals(Optional.empty(), best());
    }

    @Test
    void anAssociatorThatFailsOrAnswersNullCountsAsImprobable() {
        PluginAssociator failing = info -> {
            throw new IllegalStateException("plugin bug");
        };

        assertEquals(Optional.of(new PluginChooser.Choice("a", DeviceSupport.PROBABLE)),
                best("a", fixed(DeviceSupport.PROBABLE), "z", failing, "y", fixed(null)));
        assertEquals(DeviceSupport.IMPROBABLE, PluginChooser.support(Map.of("z", failing), "z", INFO));
        assertEquals(DeviceSupport.IMPROBABLE, PluginChooser.support(Map.of(), "absent", INFO));
        assertEquals(DeviceSupport.EXACT, PluginChooser.support(Map.of("a", fixed(DeviceSupport.EXACT)), "a", INFO));
    }
}
