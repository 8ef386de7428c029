package chorus.core.antientropy;

import chorus.api.Bytes;
import chorus.core.message.MerkleTreeRequest;
import chorus.core.message.MerkleTreeResponse;
import chorus.core.message.MutationAck;
import chorus.core.message.RepairRowsRequest;
import chorus.core.message.RepairRowsResponse;
import chorus.core.message.RepairStream;
import chorus.core.model.Mutation;
import chorus.core.model.Timestamp;
import chorus.core.node.Outbox;
import chorus.core.port.Callback;
import chorus.core.port.StorageEngine;
import chorus.core.port.StorageResult;
import chorus.core.topology.NodeId;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The replica side of anti-entropy repair: builds a slot's Merkle tree from a storage scan, sends
 * the rows of the leaves a repair found different, and merges the rows streamed to it. Scans page
 * through the slot so that memory stays bounded by one page plus the tree (2^depth longs).
 */
public final class RepairReplica {
    private static final int PAGE_ROWS = 256;

    private final StorageEngine storage;
    private final Outbox outbox;

    public RepairReplica(StorageEngine storage, Outbox outbox) {
        this.storage = storage;
        this.outbox = outbox;
    }

    public void onTreeRequest(NodeId from, MerkleTreeRequest request) {
        MerkleTree tree = new MerkleTree(request.depth(), request.purgeBeforeMillis());
        scanSlot(request.keyspace(), request.slot(), Bytes.EMPTY, row -> {
            tree.add(row.key().key(), row.row());
            return true;
        }, ok -> outbox.send(from, new MerkleTreeResponse(request.requestId(), ok, ok ? tree.leaves() : List.of())));
    }

    /**
     * This replica's own digest of each of {@code slots}, one slot after another so that only one
     * tree is in memory; {@code done} hears once, with one digest per slot in the order given.
     */
    public void digest(String keyspace, List<Integer> slots, int depth, Callback<List<SlotDigest>> done) {
        digestFrom(keyspace, slots, 0, depth, new ArrayList<>(slots.size()), done);
    }

    private void digestFrom(String keyspace, List<Integer> slots, int index, int depth, List<SlotDigest> digests,
                            Callback<List<SlotDigest>> done) {
        if (index == slots.size()) {
            done.completed(List.copyOf(digests));
            return;
        }
        int slot = slots.get(index);
        MerkleTree tree = new MerkleTree(depth);
        long[] rowsAndBytes = {0, 0};
        scanSlot(keyspace, slot, Bytes.EMPTY, row -> {
            tree.add(row.key().key(), row.row());
            if (!row.row().isEmpty()) {
                rowsAndBytes[0]++;
                rowsAndBytes[1] += RepairCoordinator.streamedSize(row);
            }
            return true;
        }, ok -> {
            digests.add(ok ? new SlotDigest(slot, true, tree.root(), rowsAndBytes[0], rowsAndBytes[1])
                    : new SlotDigest(slot, false, 0, 0, 0));
            digestFrom(keyspace, slots, index + 1, depth, digests, done);
        });
    }

    public void onRowsRequest(NodeId from, RepairRowsRequest request) {
        BitSet wanted = new BitSet();
        request.leaves().forEach(wanted::set);
        List<Mutation> rows = new ArrayList<>();
        boolean[] complete = {true};
        scanSlot(request.keyspace(), request.slot(), request.fromKey(), row -> {
            if (!wanted.get(MerkleTree.leafOf(row.key().key(), request.depth()))) {
                return true;
            }
            if (rows.size() >= request.limit()) {
                complete[0] = false;
                return false;
            }
            rows.add(row);
            return true;
        }, ok -> outbox.send(from, new RepairRowsResponse(request.requestId(), ok, complete[0], ok ? rows : List.of())));
    }

    public void onStream(NodeId from, RepairStream stream) {
        storage.apply(stream.rows(), applied -> outbox.send(from,
                new MutationAck(stream.requestId(), applied instanceof StorageResult.Ok, Timestamp.MIN)));
    }

    /** Visits the slot's rows in key order until {@code visitor} says stop, then reports whether the scan succeeded. */
    private void scanSlot(String keyspace, int slot, Bytes fromKey, Predicate<Mutation> visitor, Consumer<Boolean> done) {
        storage.scan(keyspace, slot, fromKey, PAGE_ROWS, page -> onPage(keyspace, slot, page, visitor, done));
    }

    private void onPage(String keyspace, int slot, StorageResult<List<Mutation>> page, Predicate<Mutation> visitor,
                        Consumer<Boolean> done) {
        if (!(page instanceof StorageResult.Ok<List<Mutation>> ok)) {
            done.accept(false);
            return;
        }
        for (Mutation row : ok.value()) {
            if (!visitor.test(row)) {
                done.accept(true);
                return;
            }
        }
        if (ok.value().size() < PAGE_ROWS) {
            done.accept(true);
            return;
        }
        Bytes next = successor(ok.value().get(ok.value().size() - 1).key().key());
        storage.scan(keyspace, slot, next, PAGE_ROWS, nextPage -> onPage(keyspace, slot, nextPage, visitor, done));
    }

    /** The smallest key after {@code key}: the key with a zero byte appended. */
    static Bytes successor(Bytes key) {
        byte[] next = new byte[key.length() + 1];
        System.arraycopy(key.arrayUnsafe(), 0, next, 0, key.length());
        return Bytes.wrapUnsafe(next);
    }
}
