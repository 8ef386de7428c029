package chorus.core.topology;

import static chorus.core.topology.SlotTableChecks.assertDistinctRacksWhereFeasible;
import static chorus.core.topology.SlotTableChecks.assertWellFormed;
import static chorus.core.topology.SlotTableChecks.isEven;
import static chorus.core.topology.SlotTableChecks.member;
import static chorus.core.topology.SlotTableChecks.movedFraction;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * {@link SlotAssignment} over random clusters: 1 to 12 nodes with random ids, replication
 * factors 1 to 5, and racks that are sometimes absent, sometimes one, sometimes several of
 * random sizes.
 */
class SlotAssignmentProperties {
    private static final int TRIES = 40;

    @Property(tries = TRIES, afterFailure = AfterFailureMode.SAMPLE_ONLY)
    void assignmentKeepsTheContract(@ForAll("clusters") Cluster cluster) {
        SlotTable table = SlotAssignment.assign(cluster.members(), cluster.replicationFactor());

        assertWellFormed(table, cluster.members(), cluster.replicationFactor());
        assertDistinctRacksWhereFeasible(table);
        Statistics.label("racks constrain balance").collect(!isEven(table));
    }

    @Property(tries = TRIES, afterFailure = AfterFailureMode.SAMPLE_ONLY)
    void assignmentIsDeterministicAndIgnoresMemberOrder(@ForAll("clusters") Cluster cluster) {
        List<Member> reversed = new ArrayList<>(cluster.members());
        Collections.reverse(reversed);

        SlotTable table = SlotAssignment.assign(cluster.members(), cluster.replicationFactor());

        assertThat(SlotAssignment.assign(cluster.members(), cluster.replicationFactor())).isEqualTo(table);
        assertThat(SlotAssignment.assign(reversed, cluster.replicationFactor())).isEqualTo(table);
    }

    @Property(tries = TRIES, afterFailure = AfterFailureMode.SAMPLE_ONLY)
    void rebalancingUnchangedMembersMovesNothing(@ForAll("clusters") Cluster cluster) {
        SlotTable table = SlotAssignment.assign(cluster.members(), cluster.replicationFactor());

        SlotTable again = SlotAssignment.rebalance(table, cluster.members(), cluster.replicationFactor());

        assertThat(again).isEqualTo(table);
    }

    @Property(tries = TRIES, afterFailure = AfterFailureMode.SAMPLE_ONLY)
    void addingOneNodeMovesAboutOneNth(@ForAll("clusters") Cluster cluster,
            @ForAll @IntRange(min = 0, max = 4) int rackPick) {
        SlotTable before = SlotAssignment.assign(cluster.members(), cluster.replicationFactor());
        List<Member> grown = new ArrayList<>(cluster.members());
        grown.add(member(unusedId(cluster.members()), rackFor(cluster.members(), rackPick)));

        SlotTable after = SlotAssignment.rebalance(before, grown, cluster.replicationFactor());

        assertWellFormed(after, grown, cluster.replicationFactor());
        checkMovement(before, after, grown.size(), true);
    }

    @Property(tries = TRIES, afterFailure = AfterFailureMode.SAMPLE_ONLY)
    void removingOneNodeMovesAboutOneNth(@ForAll("clusters") Cluster cluster,
            @ForAll @IntRange(min = 0, max = 11) int pick) {
        if (cluster.members().size() < 2) {
            return;
        }
        SlotTable before = SlotAssignment.assign(cluster.members(), cluster.replicationFactor());
        List<Member> shrunk = new ArrayList<>(cluster.members());
        shrunk.remove(pick % shrunk.size());

        SlotTable after = SlotAssignment.rebalance(before, shrunk, cluster.replicationFactor());

        assertWellFormed(after, shrunk, cluster.replicationFactor());
        checkMovement(before, after, cluster.members().size(), cluster.replicationFactor() < cluster.members().size());
    }

    @Property(tries = TRIES, afterFailure = AfterFailureMode.SAMPLE_ONLY)
    void changingTheReplicationFactorKeepsTheContract(@ForAll("clusters") Cluster cluster,
            @ForAll @IntRange(min = 1, max = 5) int replicationFactor) {
        SlotTable before = SlotAssignment.assign(cluster.members(), cluster.replicationFactor());

        SlotTable after = SlotAssignment.rebalance(before, cluster.members(), replicationFactor);

        assertWellFormed(after, cluster.members(), replicationFactor);
        if (replicationFactor <= cluster.replicationFactor()) {
            assertThat(movedFraction(before, after)).isZero();
        }
        assertThat(SlotAssignment.rebalance(after, cluster.members(), replicationFactor)).as("settled").isEqualTo(after);
    }

    /**
     * With n the larger membership, a change of one node must stream about 1/n of the replicas
     * and never more than 2/n, when racks allow balanced loads before and after. The lower bound
     * holds only when the change needs data at all: a removal where every node held every slot
     * needs none. Where racks force uneven loads, the new loads themselves may need much more
     * (a first node on a new rack must join every slot); then the bound is twice what the load
     * changes need, the sum of every node's gain.
     */
    private static void checkMovement(SlotTable before, SlotTable after, int largerSize, boolean needsData) {
        double moved = movedFraction(before, after);
        double needed = gainedFraction(before, after);
        double share = 1.0 / largerSize;
        boolean even = isEven(before) && isEven(after);
        Statistics.label("moved / (1/n)")
                .collect(even ? "even" : "racks constrain", Math.round(moved / share * 4) / 4.0);
        assertThat(moved).isLessThanOrEqualTo(2 * needed);
        if (even) {
            assertThat(moved).isLessThanOrEqualTo(2 * share);
            if (needsData) {
                assertThat(moved).isGreaterThanOrEqualTo(share - 1e-3);
            }
        }
    }

    /** The sum over nodes of the slots each gained, as a share of all replicas: a floor for any move. */
    private static double gainedFraction(SlotTable before, SlotTable after) {
        Map<NodeId, Integer> old = before.slotCounts();
        long gained = 0;
        for (Map.Entry<NodeId, Integer> entry : after.slotCounts().entrySet()) {
            gained += Math.max(0, entry.getValue() - old.getOrDefault(entry.getKey(), 0));
        }
        return (double) gained / ((long) Slots.COUNT * after.replicasPerSlot());
    }

    private static int unusedId(List<Member> members) {
        List<Integer> used = members.stream().map(member -> member.id().value()).toList();
        int id = 1;
        while (used.contains(id)) {
            id++;
        }
        return id;
    }

    /** One of the racks in use, or (pick 4) a rack of its own. */
    private static String rackFor(List<Member> members, int pick) {
        List<String> racks = members.stream().map(Member::rack).distinct().sorted().toList();
        if (racks.size() == 1) {
            return racks.get(0);
        }
        return pick == 4 ? "rack-new" : racks.get(pick % racks.size());
    }

    @Provide
    Arbitrary<Cluster> clusters() {
        return Arbitraries.integers().between(1, 12).flatMap(size -> Combinators.combine(
                Arbitraries.integers().between(1, NodeId.MAX).list().uniqueElements().ofSize(size),
                racks(size),
                Arbitraries.integers().between(1, 5)).as(Cluster::of));
    }

    private static Arbitrary<List<String>> racks(int size) {
        Arbitrary<List<String>> oneRack = Arbitraries.of(Member.DEFAULT_RACK, "eu-west-1a")
                .map(rack -> Collections.nCopies(size, rack));
        Arbitrary<List<String>> several = Arbitraries.integers().between(2, 4).flatMap(count ->
                Arbitraries.integers().between(0, count - 1).map(rack -> "rack" + rack).list().ofSize(size));
        return Arbitraries.frequencyOf(Tuple.of(1, oneRack), Tuple.of(2, several));
    }

    record Cluster(List<Member> members, int replicationFactor) {
        static Cluster of(List<Integer> ids, List<String> racks, int replicationFactor) {
            List<Member> members = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                members.add(member(ids.get(i), racks.get(i)));
            }
            return new Cluster(members, replicationFactor);
        }

        @Override
        public String toString() {
            return members.stream().map(member -> member.id() + "@" + member.rack()).toList()
                    + " rf=" + replicationFactor;
        }
    }
}
