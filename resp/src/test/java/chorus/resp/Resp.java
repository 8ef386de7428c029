package chorus.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Test helpers: RESP requests as bytes, and what a channel wrote, as text. */
final class Resp {
    private Resp() {}

    /** {@code *n $len word ...}: a multibulk request, as every client library sends. */
    static byte[] request(String... words) {
        StringBuilder out = new StringBuilder("*").append(words.length).append("\r\n");
        for (String word : words) {
            out.append('$').append(word.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(word).append("\r\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static ByteBuf buffer(byte[] bytes) {
        return Unpooled.copiedBuffer(bytes);
    }

    /** Everything the channel has flushed so far, as text (RESP is ASCII framing). */
    static String written(EmbeddedChannel channel) {
        channel.runPendingTasks();
        StringBuilder text = new StringBuilder();
        ByteBuf out;
        while ((out = channel.readOutbound()) != null) {
            text.append(out.toString(StandardCharsets.UTF_8));
            out.release();
        }
        return text.toString();
    }

    static String encode(Reply reply, int protocol) {
        return ReplyEncoder.toBytes(reply, protocol).utf8();
    }
}
