package chorus.core.message;

/**
 * A message between nodes. Each request documents its reply; replies echo the request's id so that
 * late and duplicated replies are recognised and ignored. Messages are immutable and cross the
 * wire codec even in simulation, so no object is ever shared between nodes.
 */
public sealed interface Message permits MutationRequest, MutationAck, ReadRequest, ReadResponse,
        PaxosPrepare, PaxosPromise, PaxosPropose, PaxosAccepted, PaxosCommit, ScanRequest, ScanResponse,
        GossipMessage, MerkleTreeRequest, MerkleTreeResponse, RepairRowsRequest, RepairRowsResponse, RepairStream {
    Verb verb();
}
