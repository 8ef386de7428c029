package chorus.core.replication;

import chorus.core.message.MutationAck;
import chorus.core.message.MutationRequest;
import chorus.core.message.ReadRequest;
import chorus.core.message.ReadResponse;
import chorus.core.message.ScanRequest;
import chorus.core.message.ScanResponse;
import chorus.core.model.Mutation;
import chorus.core.model.Row;
import chorus.core.model.Timestamp;
import chorus.core.node.Outbox;
import chorus.core.port.StorageEngine;
import chorus.core.port.StorageResult;
import chorus.core.topology.NodeId;
import java.util.List;

/**
 * The replica side of replication: stores mutations and serves reads. An acknowledgement is sent
 * only after the storage engine reports the mutation durable (D5), so an acknowledged write
 * survives a crash of this node.
 */
public final class ReplicaService {
    private final StorageEngine storage;
    private final Outbox outbox;

    public ReplicaService(StorageEngine storage, Outbox outbox) {
        this.storage = storage;
        this.outbox = outbox;
    }

    /**
     * Applies the mutation and reports in the ack the newest timestamp the key held before it, so a
     * coordinator whose timestamp is behind (clock skew) can restamp its write instead of silently
     * losing it.
     */
    public void onMutationRequest(NodeId from, MutationRequest request) {
        storage.apply(List.of(request.mutation()), applied -> {
            if (applied instanceof StorageResult.Ok<Timestamp> ok) {
                outbox.send(from, new MutationAck(request.requestId(), true, ok.value()));
            } else {
                outbox.send(from, new MutationAck(request.requestId(), false, Timestamp.MIN));
            }
        });
    }

    public void onScanRequest(NodeId from, ScanRequest request) {
        storage.scan(request.keyspace(), request.slot(), request.fromKey(), request.limit(), scanned -> {
            if (scanned instanceof StorageResult.Ok<List<Mutation>> ok) {
                outbox.send(from, new ScanResponse(request.requestId(), true, ok.value()));
            } else {
                outbox.send(from, new ScanResponse(request.requestId(), false, List.of()));
            }
        });
    }

    public void onReadRequest(NodeId from, ReadRequest request) {
        storage.read(request.key(), read -> {
            if (read instanceof StorageResult.Ok<Row> ok) {
                outbox.send(from, new ReadResponse(request.requestId(), true, ok.value()));
            } else {
                outbox.send(from, new ReadResponse(request.requestId(), false, Row.EMPTY));
            }
        });
    }
}
