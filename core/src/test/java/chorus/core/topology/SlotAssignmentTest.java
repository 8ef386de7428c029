package chorus.core.topology;

import static chorus.core.topology.SlotTableChecks.assertDistinctRacksWhereFeasible;
import static chorus.core.topology.SlotTableChecks.assertWellFormed;
import static chorus.core.topology.SlotTableChecks.member;
import static chorus.core.topology.SlotTableChecks.members;
import static chorus.core.topology.SlotTableChecks.movedFraction;
import static chorus.core.topology.SlotTableChecks.preferredCounts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SlotAssignmentTest {
    @Test
    void rejectsAReplicationFactorBelowOne() {
        assertThatThrownBy(() -> SlotAssignment.assign(members(3), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("replication factor 0 is invalid (expected: >= 1)");
    }

    @Test
    void rejectsAnEmptyMembership() {
        assertThatThrownBy(() -> SlotAssignment.assign(List.of(), 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("members is empty");
    }

    @Test
    void rejectsDuplicateNodeIds() {
        List<Member> members = List.of(member(1, "a"), member(2, "a"), member(1, "b"));

        assertThatThrownBy(() -> SlotAssignment.assign(members, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("members lists node n1 more than once; node ids must be unique");
    }

    @Test
    void rebalanceValidatesLikeAssign() {
        SlotTable table = SlotAssignment.assign(members(3), 3);

        assertThatThrownBy(() -> SlotAssignment.rebalance(table, members(3), -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replication factor -1");
        assertThatThrownBy(() -> SlotAssignment.rebalance(table, List.of(), 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("members is empty");
        assertThatThrownBy(() -> SlotAssignment.rebalance(null, members(3), 3))
                .isInstanceOf(NullPointerException.class).hasMessage("previous is null");
    }

    @Test
    void aSingleNodeHoldsEverySlotOnce() {
        SlotTable table = SlotAssignment.assign(members(1), 3);

        assertThat(table.replicasPerSlot()).isEqualTo(1);
        assertThat(table.slotCounts()).containsExactly(Map.entry(NodeId.of(1), Slots.COUNT));
    }

    @Test
    void threeNodesWithThreeReplicasShareEverySlotAndTakeTurnsBeingFirst() {
        SlotTable table = SlotAssignment.assign(members(3), 3);

        assertThat(table.slotCounts().values()).containsOnly(Slots.COUNT);
        assertThat(preferredCounts(table).values()).allSatisfy(count -> assertThat(count).isBetween(5461, 5462));
    }

    @Test
    void threeRacksOfTwoPutOneReplicaOnEachRack() {
        List<Member> members = members("a", "b", "c", "a", "b", "c");

        SlotTable table = SlotAssignment.assign(members, 3);

        assertDistinctRacksWhereFeasible(table);
        assertThat(table.slotCounts().values()).containsOnly(Slots.COUNT / 2);
        assertWellFormed(table, members, 3);
    }

    @Test
    void aRackOfOneHoldsEverySlotWhenEachSlotNeedsEveryRack() {
        List<Member> members = members("small", "big", "big", "big");

        SlotTable table = SlotAssignment.assign(members, 2);

        // Two racks, two replicas: every slot needs one on the small rack, whose only node is n1.
        assertThat(table.slotCounts()).containsEntry(NodeId.of(1), Slots.COUNT);
        assertThat(table.slotCounts().values()).containsOnly(Slots.COUNT, 5461, 5462);
        assertWellFormed(table, members, 2);
    }

    @Test
    void twoRacksWithThreeReplicasPutTwoOnOneRackAndOneOnTheOther() {
        List<Member> members = members("a", "a", "b", "b");

        SlotTable table = SlotAssignment.assign(members, 3);

        List<Integer> lopsided = new ArrayList<>();
        for (int slot = 0; slot < Slots.COUNT; slot++) {
            long onA = table.replicas(slot).stream().filter(node -> node.value() <= 2).count();
            if (onA < 1 || onA > 2) {
                lopsided.add(slot);
            }
        }
        assertThat(lopsided).isEmpty();
        assertThat(table.slotCounts().values()).containsOnly(12288);
    }

    @Test
    void addingANodeMovesOnlyWhatTheNewcomerTakes() {
        SlotTable before = SlotAssignment.assign(members(4), 3);

        SlotTable after = SlotAssignment.rebalance(before, members(5), 3);

        int newcomer = after.slotCounts().get(NodeId.of(5));
        assertThat(newcomer).isBetween(9830, 9831);
        assertThat(movedFraction(before, after) * Slots.COUNT * 3).isEqualTo(newcomer);
        List<Integer> gainedAnOldNode = new ArrayList<>();
        for (int slot = 0; slot < Slots.COUNT; slot++) {
            for (NodeId node : after.replicas(slot)) {
                if (node.value() != 5 && !before.isReplica(slot, node)) {
                    gainedAnOldNode.add(slot);
                }
            }
        }
        assertThat(gainedAnOldNode).isEmpty();
        assertWellFormed(after, members(5), 3);
    }

    @Test
    void addingANodeChangesPreferredReplicasOnlyForTheNewcomersShare() {
        SlotTable before = SlotAssignment.assign(members(4), 3);

        SlotTable after = SlotAssignment.rebalance(before, members(5), 3);

        int changed = 0;
        for (int slot = 0; slot < Slots.COUNT; slot++) {
            changed += before.preferred(slot).equals(after.preferred(slot)) ? 0 : 1;
        }
        // The newcomer's share, plus the odd slot whose first replica had to move to balance loads.
        int newcomerFirst = preferredCounts(after).get(NodeId.of(5));
        assertThat(newcomerFirst).isBetween(3276, 3277);
        assertThat(changed).isBetween(newcomerFirst, newcomerFirst + 16);
    }

    @Test
    void removingANodeReplacesExactlyItsReplicas() {
        SlotTable before = SlotAssignment.assign(members(5), 3);
        List<Member> remaining = members(5).subList(1, 5);

        SlotTable after = SlotAssignment.rebalance(before, remaining, 3);

        List<Integer> changedNeedlessly = new ArrayList<>();
        for (int slot = 0; slot < Slots.COUNT; slot++) {
            Set<NodeId> kept = new HashSet<>(after.replicas(slot));
            kept.retainAll(before.replicas(slot));
            int expectedKept = before.isReplica(slot, NodeId.of(1)) ? 2 : 3;
            if (kept.size() != expectedKept) {
                changedNeedlessly.add(slot);
            }
        }
        assertThat(changedNeedlessly).isEmpty();
        assertWellFormed(after, remaining, 3);
    }

    @Test
    void aLowerReplicationFactorDropsReplicasWithoutMovingAny() {
        SlotTable before = SlotAssignment.assign(members(6), 3);

        SlotTable after = SlotAssignment.rebalance(before, members(6), 2);

        assertThat(movedFraction(before, after)).isZero();
        assertWellFormed(after, members(6), 2);
    }

    @Test
    void aHigherReplicationFactorAddsOneReplicaPerSlotAndKeepsTheRest() {
        SlotTable before = SlotAssignment.assign(members(6), 2);

        SlotTable after = SlotAssignment.rebalance(before, members(6), 3);

        List<Integer> lostAReplica = new ArrayList<>();
        for (int slot = 0; slot < Slots.COUNT; slot++) {
            if (!after.replicas(slot).containsAll(before.replicas(slot))) {
                lostAReplica.add(slot);
            }
        }
        assertThat(lostAReplica).isEmpty();
        assertWellFormed(after, members(6), 3);
    }

    @Test
    void aNodeThatChangesRackIsRespread() {
        List<Member> before = members("a", "b", "c", "a", "b", "c");
        List<Member> after = new ArrayList<>(before);
        after.set(5, member(6, "a"));
        SlotTable table = SlotAssignment.assign(before, 3);

        SlotTable rebalanced = SlotAssignment.rebalance(table, after, 3);

        assertWellFormed(rebalanced, after, 3);
        assertDistinctRacksWhereFeasible(rebalanced);
    }

    @Test
    void rebalanceRepairsATableThatIsNotBalanced() {
        List<Member> members = members(5);
        List<List<NodeId>> everythingOnTheFirstThree = new ArrayList<>();
        for (int slot = 0; slot < Slots.COUNT; slot++) {
            everythingOnTheFirstThree.add(List.of(NodeId.of(1), NodeId.of(2), NodeId.of(3)));
        }
        SlotTable skewed = SlotTable.of(members, everythingOnTheFirstThree);

        SlotTable rebalanced = SlotAssignment.rebalance(skewed, members, 3);

        assertWellFormed(rebalanced, members, 3);
        // n4 and n5 each need their 9830 slots; nothing else should move.
        assertThat(movedFraction(skewed, rebalanced)).isEqualTo(2 * 9830 / (3.0 * Slots.COUNT));
    }

    @Test
    void theTableListsMembersByIdWhateverTheInputOrder() {
        List<Member> members = List.of(member(9, "a"), member(3, "b"), member(5, "a"));

        SlotTable table = SlotAssignment.assign(members, 2);

        assertThat(table.members()).extracting(Member::id).containsExactly(NodeId.of(3), NodeId.of(5), NodeId.of(9));
        assertThat(SlotAssignment.assign(List.of(members.get(2), members.get(0), members.get(1)), 2)).isEqualTo(table);
    }

    @Test
    void coReplicasAreScatteredOverTheCluster() {
        SlotTable table = SlotAssignment.assign(members(10), 2);

        // When a node fails, its slots' reads fall on its co-replicas: they should be all the
        // others, each taking a similar share, not a fixed partner.
        int[][] shared = new int[11][11];
        for (int slot = 0; slot < Slots.COUNT; slot++) {
            List<NodeId> replicas = table.replicas(slot);
            shared[replicas.get(0).value()][replicas.get(1).value()]++;
            shared[replicas.get(1).value()][replicas.get(0).value()]++;
        }
        for (int a = 1; a <= 10; a++) {
            for (int b = 1; b <= 10; b++) {
                if (a != b) {
                    assertThat(shared[a][b]).as("slots shared by n%s and n%s", a, b).isBetween(180, 550);
                }
            }
        }
    }

    @Test
    void fiftyNodesOnThreeRacksKeepTheContract() {
        String[] racks = new String[51];
        for (int i = 0; i < racks.length; i++) {
            racks[i] = "rack" + (i % 3);
        }
        List<Member> members = members(racks).subList(0, 50);
        List<Member> grownMembers = members(racks);

        SlotTable table = SlotAssignment.assign(members, 3);
        SlotTable grown = SlotAssignment.rebalance(table, grownMembers, 3);

        assertWellFormed(table, members, 3);
        assertDistinctRacksWhereFeasible(table);
        assertWellFormed(grown, grownMembers, 3);
        assertThat(movedFraction(table, grown)).isBetween(0.99 / 51, 1.01 / 51);
    }
}
