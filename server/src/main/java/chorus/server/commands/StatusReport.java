package chorus.server.commands;

import chorus.resp.Reply;
import java.util.ArrayList;
import java.util.List;

/**
 * The reply to CHORUS STATUS: one map per member with {@code id}, {@code internode}, {@code client},
 * {@code rack}, {@code state} ({@code up} or {@code down}, as this node believes), {@code slots} (of
 * the default keyspace it replicates) and {@code keys} (an estimate; known only for the answering
 * node, -1 for the others). RESP2 clients receive each map as a flat array of names and values.
 */
final class StatusReport {
    private StatusReport() {
    }

    static Reply render(ClusterView cluster, long selfKeys) {
        List<Reply> rows = new ArrayList<>();
        for (ClusterView.MemberView view : cluster.members()) {
            boolean self = view.member().id().equals(cluster.self());
            rows.add(Reply.map(List.of(
                    Reply.pair("id", Reply.bulk(view.member().id().toString())),
                    Reply.pair("internode", Reply.bulk(view.member().internodeAddress())),
                    Reply.pair("client", Reply.bulk(view.member().clientAddress())),
                    Reply.pair("rack", Reply.bulk(view.member().rack())),
                    Reply.pair("state", Reply.bulk(view.up() ? "up" : "down")),
                    Reply.pair("slots", Reply.integer(view.slots())),
                    Reply.pair("keys", Reply.integer(self ? selfKeys : -1)),
                    Reply.pair("self", Reply.integer(self ? 1 : 0)))));
        }
        return Reply.array(rows);
    }
}
