package org.parloir.xmpp.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Netty listeners (NIO) for the XMPP ports, sharing one event-loop group. */
public final class XmppServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(XmppServer.class);

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Class<? extends ServerSocketChannel> channelType;
    private final List<Channel> listeners = new ArrayList<>();

    public XmppServer(int ioThreads) {
        IoHandlerFactory io = NioIoHandler.newFactory();
        this.channelType = NioServerSocketChannel.class;
        this.boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("xmpp-accept"), io);
        this.workers = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory("xmpp-io"), io);
    }

    /** Binds a listener; returns the bound port. */
    public int listen(String name, String address, int port, C2sChannelInitializer initializer) throws InterruptedException {
        Channel channel = new ServerBootstrap().group(boss, workers).channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(initializer)
                .bind(new InetSocketAddress(address, port)).sync().channel();
        listeners.add(channel);
        int bound = ((InetSocketAddress) channel.localAddress()).getPort();
        log.info("XMPP {} listening on {}:{}", name, address, bound);
        return bound;
    }

    @Override
    public void close() {
        listeners.forEach(Channel::close);
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        // bounded: a Netty 4.2 group whose termination future never completes must not hang the JVM's shutdown
        if (!workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS)) {
            log.warn("XMPP event loops did not stop within 5 s; shutting down anyway");
        }
    }
}
