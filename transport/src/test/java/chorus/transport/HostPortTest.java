package chorus.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostPortTest {
    @Test
    void parsesHostAndPort() {
        assertThat(HostPort.parse("127.0.0.2:7000")).isEqualTo(new HostPort("127.0.0.2", 7000));
        assertThat(HostPort.parse("node-3.local:1")).isEqualTo(new HostPort("node-3.local", 1));
    }

    @Test
    void parsesBracketedIpv6() {
        HostPort address = HostPort.parse("[::1]:7000");
        assertThat(address).isEqualTo(new HostPort("::1", 7000));
        assertThat(address.toString()).isEqualTo("[::1]:7000");
    }

    @Test
    void rejectsMalformedAddresses() {
        for (String text : new String[] {"7000", ":7000", "host:", "host:port", "host:0", "host:65536"}) {
            assertThatThrownBy(() -> HostPort.parse(text)).as(text)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + text + "' is invalid (expected: host:port)");
        }
    }
}
