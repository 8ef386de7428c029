package chorus.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import chorus.core.topology.NodeId;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.time.Duration;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Transports on loops lent by their owner, as a node runs them: with native epoll, and with NIO. */
@Timeout(60)
class NettyIoTest {
    private static final String HOST = "127.0.0.1";

    @Test
    void linuxOnX86UsesNativeEpoll() {
        assumeThat(System.getProperty("os.name")).isEqualTo("Linux");
        assumeThat(System.getProperty("os.arch")).isIn("amd64", "x86_64");

        assertThat(NettyIo.preferred().name()).isEqualTo("epoll");
    }

    @Test
    void nioCanBeAskedFor() {
        String before = System.getProperty("chorus.io");
        System.setProperty("chorus.io", "nio");
        try {
            assertThat(NettyIo.preferred().name()).isEqualTo("nio");
        } finally {
            if (before == null) {
                System.clearProperty("chorus.io");
            } else {
                System.setProperty("chorus.io", before);
            }
        }
    }

    @Test
    void framesFlowBothWaysOnLentPreferredLoops() {
        exchangeOn(NettyIo.preferred());
    }

    @Test
    void framesFlowBothWaysOnLentNioLoops() {
        exchangeOn(NettyIo.nio());
    }

    private static void exchangeOn(NettyIo io) {
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, io.handlerFactory());
        Recorder atOne = new Recorder();
        Recorder atTwo = new Recorder();
        TransportLimits limits = TransportLimits.defaults();
        try (InternodeTransport one = new InternodeTransport(NodeId.of(1), HOST, 0, atOne, limits, loops, io);
             InternodeTransport two = new InternodeTransport(NodeId.of(2), HOST, 0, atTwo, limits, loops, io)) {
            one.start();
            two.start();
            one.setPeers(Map.of(NodeId.of(2), HOST + ":" + two.listenAddress().getPort()));
            two.setPeers(Map.of(NodeId.of(1), HOST + ":" + one.listenAddress().getPort()));

            for (int i = 0; i < 50; i++) {
                one.send(NodeId.of(2), Recorder.numbered(i, 32));
                two.send(NodeId.of(1), Recorder.numbered(100 + i, 32));
            }

            Eventually.await(Duration.ofSeconds(20), () -> atOne.count() == 50 && atTwo.count() == 50,
                    () -> io.name() + ": 50 frames each way; got " + atOne.count() + " and " + atTwo.count());
            assertThat(atTwo.numbersFrom(NodeId.of(1))).containsExactlyElementsOf(IntStream.range(0, 50).boxed().toList());
            assertThat(atOne.numbersFrom(NodeId.of(2))).containsExactlyElementsOf(IntStream.range(100, 150).boxed().toList());
        } finally {
            loops.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
