package org.parloir.xmpp.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReadRateLimiterTest {

    @Test
    void readingPausesBeyondTheBurstAndResumesWhenTheBucketRefills() {
        EmbeddedChannel channel = new EmbeddedChannel(new ReadRateLimiter(1000, 4000));
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[3000]));
        assertThat(channel.config().isAutoRead()).as("within the burst").isTrue();
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[3000]));
        assertThat(channel.config().isAutoRead()).as("2,000 bytes over: paused").isFalse();
        // nothing is dropped: both reads went up the pipeline
        assertThat(channel.inboundMessages()).hasSize(2);
        channel.advanceTimeBy(3, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.config().isAutoRead()).as("refilled").isTrue();
        channel.finishAndReleaseAll();
    }
}
