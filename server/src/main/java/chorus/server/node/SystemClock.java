package chorus.server.node;

import chorus.core.port.Clock;

/** The real clocks. Adapters may read them; the core reads time only through this port (D1). */
public final class SystemClock implements Clock {
    @Override
    public long monotonicNanos() {
        return System.nanoTime();
    }

    @Override
    public long wallMillis() {
        return System.currentTimeMillis();
    }
}
