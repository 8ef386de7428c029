package chorus.transport;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * Which Netty I/O implementation a node uses: its event loops and the channel classes that can
 * register with them (Netty refuses a channel of one kind on a loop of the other, so the two must be
 * chosen together, by whoever creates the loops).
 *
 * <p>Linux's native epoll is preferred: on a loaded 2-core machine, where every node's loop does
 * all its client and internode I/O, Java NIO's selector and socket wrappers were a tenth of the
 * loop's time (selected-key sets, selector and socket locks, a copy through a temporary direct
 * buffer); epoll reads and writes the pooled buffers directly and wakes the loop with an eventfd.
 * NIO remains for machines without the native library, and on request
 * ({@code -Dchorus.io=nio}).
 *
 * @param name                 "epoll" or "nio", for logs
 * @param handlerFactory       builds the loops' I/O handlers
 * @param socketChannel        outbound and accepted connections
 * @param serverSocketChannel  listening sockets
 */
public record NettyIo(String name, IoHandlerFactory handlerFactory, Class<? extends SocketChannel> socketChannel,
                      Class<? extends ServerSocketChannel> serverSocketChannel) {

    /** Java NIO: works on every platform. */
    public static NettyIo nio() {
        return new NettyIo("nio", NioIoHandler.newFactory(), NioSocketChannel.class, NioServerSocketChannel.class);
    }

    /** Native epoll where Netty can load it and {@code chorus.io} does not say {@code nio}; otherwise NIO. */
    public static NettyIo preferred() {
        if (!"nio".equals(System.getProperty("chorus.io")) && Epoll.isAvailable()) {
            return new NettyIo("epoll", EpollIoHandler.newFactory(), EpollSocketChannel.class,
                    EpollServerSocketChannel.class);
        }
        return nio();
    }
}
