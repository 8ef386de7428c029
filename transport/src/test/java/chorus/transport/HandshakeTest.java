package chorus.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chorus.core.topology.NodeId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HandshakeTest {
    @Test
    void roundTrips() {
        Handshake handshake = new Handshake(NodeId.of(3), NodeId.of(1023));
        assertThat(Handshake.parse(handshake.encode())).isEqualTo(handshake);
    }

    @Test
    void wrongMagicIsNamedInTheMessage() {
        byte[] http = "GET / HTTP/1.1".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> Handshake.parse(http))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("magic 0x47455420 is wrong (expected: 0x43485253)");
    }

    @Test
    void wrongProtocolVersionIsNamedInTheMessage() {
        byte[] payload = new Handshake(NodeId.of(1), NodeId.of(2)).encode();
        payload[4] = 9;
        assertThatThrownBy(() -> Handshake.parse(payload))
                .hasMessageContaining("protocol version 9 is unsupported (expected: 1)");
    }

    @Test
    void shortOrInvalidPayloadsAreRejected() {
        assertThatThrownBy(() -> Handshake.parse(new byte[2])).hasMessageContaining("too short");
        byte[] truncated = ByteBuffer.allocate(6).putInt(Handshake.MAGIC).put(Handshake.PROTOCOL_VERSION).array();
        assertThatThrownBy(() -> Handshake.parse(truncated)).hasMessageContaining("malformed");
        byte[] badId = ByteBuffer.allocate(Handshake.BYTES).putInt(Handshake.MAGIC).put(Handshake.PROTOCOL_VERSION)
                .putInt(0).putInt(1).array();
        assertThatThrownBy(() -> Handshake.parse(badId)).hasMessageContaining("node id 0 is invalid");
    }
}
