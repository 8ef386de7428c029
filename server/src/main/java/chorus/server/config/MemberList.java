package chorus.server.config;

import chorus.core.topology.Member;
import chorus.core.topology.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Parses the {@code members} setting: a list of {@code ID=INTERNODE/CLIENT[/RACK]} strings (or YAML
 * maps with {@code id}, {@code internode}, {@code client}, {@code rack}) into core {@link Member}s.
 */
final class MemberList {
    private static final String SHAPE = "ID=INTERNODE-HOST:PORT/CLIENT-HOST:PORT[/RACK], such as"
            + " n1=127.0.0.1:7101/127.0.0.1:7001";
    private static final Set<String> MAP_KEYS = Set.of("id", "internode", "client", "rack");

    private MemberList() {
    }

    /** From a flag: entries separated by commas. */
    static List<Member> parse(Object raw) {
        List<?> entries = raw instanceof List<?> list ? list : List.of(raw.toString().split(","));
        List<Member> members = new ArrayList<>();
        Set<NodeId> seen = new TreeSet<>();
        for (Object entry : entries) {
            Member member = entry instanceof Map<?, ?> map ? fromMap(map) : fromText(String.valueOf(entry).trim());
            if (!seen.add(member.id())) {
                throw new ConfigException("members lists " + member.id() + " twice (expected: distinct ids)");
            }
            members.add(member);
        }
        if (members.isEmpty()) {
            throw ConfigException.invalid("members", raw, "at least one member");
        }
        return members;
    }

    private static Member fromText(String text) {
        int equals = text.indexOf('=');
        if (equals < 0) {
            throw ConfigException.invalid("members", text, SHAPE);
        }
        String[] parts = text.substring(equals + 1).split("/");
        if (parts.length < 2 || parts.length > 3) {
            throw ConfigException.invalid("members", text, SHAPE);
        }
        String rack = parts.length == 3 ? parts[2].trim() : Member.DEFAULT_RACK;
        return member(text, text.substring(0, equals), parts[0], parts[1], rack);
    }

    private static Member fromMap(Map<?, ?> map) {
        for (Object key : map.keySet()) {
            if (!MAP_KEYS.contains(String.valueOf(key))) {
                throw new ConfigException("members: unknown key '" + key + "' in " + map
                        + " (expected: id, internode, client, rack)");
            }
        }
        Object id = map.get("id");
        Object internode = map.get("internode");
        Object client = map.get("client");
        if (id == null || internode == null || client == null) {
            throw ConfigException.invalid("members", map, "each member with id, internode and client");
        }
        Object rack = map.get("rack");
        return member(map.toString(), id.toString(), internode.toString(), client.toString(),
                rack == null ? Member.DEFAULT_RACK : rack.toString());
    }

    private static Member member(String source, String id, String internode, String client, String rack) {
        NodeId nodeId;
        try {
            nodeId = NodeId.parse(id.trim());
        } catch (IllegalArgumentException e) {
            throw ConfigException.invalid("members", source, "ids n1..n" + NodeId.MAX);
        }
        if (rack.isEmpty()) {
            throw ConfigException.invalid("members", source, "a non-empty rack name");
        }
        return new Member(nodeId, address(source, internode.trim()), address(source, client.trim()), rack);
    }

    private static String address(String source, String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            throw ConfigException.invalid("members", source, SHAPE);
        }
        try {
            int port = Integer.parseInt(address.substring(colon + 1));
            if (port >= 1 && port <= 65535) {
                return address;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw ConfigException.invalid("members", source, "ports 1..65535 in " + SHAPE);
    }

    /** The form {@link #parse} reads, for writing configuration files. */
    static String format(Member member) {
        return member.id() + "=" + member.internodeAddress() + "/" + member.clientAddress() + "/" + member.rack();
    }
}
