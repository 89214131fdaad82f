package provd.core.internal.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;

import org.junit.jupiter.api.Test;

import provd.core.api.DeviceInfo;

class InfoMergerTest {

    private static DeviceInfo vendor(String vendor) {
        return DeviceInfo.builder().vendor(vendor).build();
    }

    @Test
    void noAnswerKnowsNothing() {
        assertEquals(DeviceInfo.empty(), InfoMerger.merge(List.of()));
    }

    @Test
    void aSingleAnswerIsReturnedAsItIs() {
        DeviceInfo answer = DeviceInfo.builder().vendor("Digium").model("D40").build();

        assertSame(answer, InfoMerger.merge(List.of(answer)));
    }

    @Test
    void theMajorityWins() {
        DeviceInfo specific = DeviceInfo.builder().vendor("Aastra").model("6731i").version("3.3").build();

        assertEquals(vendor("Digium").toBuilder().model("6731i").version("3.3").build(),
                InfoMerger.merge(List.of(vendor("Digium"), specific, vendor("Digium"))));
    }

    @Test
    void aTieGoesToTheAnswerThatToldMoreFacts() {
        DeviceInfo specific = DeviceInfo.builder().vendor("Aastra").model("6731i").build();

        assertEquals(specific, InfoMerger.merge(List.of(vendor("Digium"), specific)));
        assertEquals(specific, InfoMerger.merge(List.of(specific, vendor("Digium"))));
    }

    @Test
    void factsOnlyOneAnswerKnowsAreKept() {
        DeviceInfo mac = DeviceInfo.builder().mac("00:0f:d3:05:48:48").build();
        DeviceInfo model = DeviceInfo.builder().vendor("Digium").model("D40").build();

        assertEquals(DeviceInfo.builder().mac("00:0f:d3:05:48:48").vendor("Digium").model("D40").build(),
                InfoMerger.merge(List.of(mac, model)));
    }
}
