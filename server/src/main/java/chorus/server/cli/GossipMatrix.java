package chorus.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The second half of {@code chorus status}: every member's own view of every member (CHORUS GOSSIP),
 * as a matrix with one row per node asked, and a line per member the nodes disagree about. That is
 * where a one-way partition or a node that cannot reach one peer shows: the node asked first may see
 * everyone up while another sees a member down.
 */
final class GossipMatrix {
    private static final int TIMEOUT_MILLIS = 1000;

    /** Member id to its client address, in member order. */
    private final Map<String, String> members;
    /** Node asked to (member id to what it believes: self, up or DOWN), or null when it did not answer. */
    private final Map<String, Map<String, String>> views = new LinkedHashMap<>();

    GossipMatrix(Map<String, String> members) {
        this.members = members;
    }

    /** Asks every member for its view; a member that does not answer within a second is shown unreachable. */
    void collect() {
        for (Map.Entry<String, String> member : members.entrySet()) {
            views.put(member.getKey(), ask(member.getValue()));
        }
    }

    private static Map<String, String> ask(String client) {
        try {
            HostList.Address address = HostList.Address.parse(client);
            try (RespClient peer = address.connect(TIMEOUT_MILLIS)) {
                if (!(peer.call("CHORUS", "GOSSIP") instanceof List<?> rows)) {
                    return null;
                }
                Map<String, String> view = new LinkedHashMap<>();
                for (Object row : rows) {
                    Map<String, String> fields = Replies.fields(row);
                    view.put(fields.get("id"), cell(fields));
                }
                return view;
            }
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String cell(Map<String, String> fields) {
        String state = fields.getOrDefault("state", "?");
        if (!state.equals("down")) {
            return state;
        }
        long silentMillis = parse(fields.get("last_heard_ms"));
        return silentMillis < 0 ? "DOWN" : "DOWN " + silentMillis / 1000 + "s";
    }

    private static long parse(String text) {
        try {
            return text == null ? -1 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    void print(PrintWriter out) {
        out.println();
        out.println("What each node believes (row: the node asked; DOWN Ns: silent for N seconds)");
        String format = "%-8s" + "%-12s".repeat(members.size()) + "%n";
        List<Object> header = new ArrayList<>(List.of(""));
        header.addAll(members.keySet());
        out.printf(format, header.toArray());
        for (Map.Entry<String, Map<String, String>> row : views.entrySet()) {
            if (row.getValue() == null) {
                out.printf("%-8s%s%n", row.getKey(), "(did not answer)");
                continue;
            }
            List<Object> cells = new ArrayList<>(List.of(row.getKey()));
            for (String member : members.keySet()) {
                cells.add(row.getValue().getOrDefault(member, "?"));
            }
            out.printf(format, cells.toArray());
        }
        List<String> disagreements = disagreements();
        if (disagreements.isEmpty()) {
            long answered = views.values().stream().filter(view -> view != null).count();
            out.println("All " + answered + " answering nodes agree about every member.");
        } else {
            disagreements.forEach(line -> out.println("DISAGREE: " + line));
        }
        out.flush();
    }

    /** One line per member that the answering nodes (other than itself) do not all see in the same state. */
    List<String> disagreements() {
        List<String> lines = new ArrayList<>();
        for (String member : members.keySet()) {
            Map<String, List<String>> byState = new LinkedHashMap<>();
            for (Map.Entry<String, Map<String, String>> view : views.entrySet()) {
                if (view.getValue() == null || view.getKey().equals(member)) {
                    continue;
                }
                String cell = view.getValue().getOrDefault(member, "?");
                String state = cell.startsWith("DOWN") ? "down" : cell.equals("up") ? "up" : null;
                if (state == null) {
                    continue;
                }
                byState.computeIfAbsent(state, ignored -> new ArrayList<>()).add(view.getKey());
            }
            if (new TreeSet<>(byState.keySet()).size() > 1) {
                lines.add(member + " is up for " + String.join(", ", byState.get("up")) + " but down for "
                        + String.join(", ", byState.get("down")));
            }
        }
        return lines;
    }
}
