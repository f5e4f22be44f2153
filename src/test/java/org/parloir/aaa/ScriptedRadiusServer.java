package org.parloir.aaa;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.aaa4j.radius.core.dictionary.dictionaries.StandardDictionary;
import org.aaa4j.radius.core.packet.Packet;
import org.aaa4j.radius.core.packet.PacketCodec;

/**
 * A RADIUS "server" on loopback that answers each request with a scripted series of datagrams (encoded by aaa4j,
 * with the right secret or a wrong one): what an attacker or a misconfigured server would send, which FreeRADIUS
 * cannot be made to.
 */
final class ScriptedRadiusServer implements AutoCloseable {

    /** One datagram of an answer: {@code reply} encoded under {@code secret}. */
    record Answer(Packet reply, String secret) {
    }

    private final DatagramSocket socket;
    private final Thread thread;

    ScriptedRadiusServer(String secret, List<Answer> answers) throws SocketException {
        this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        this.thread = Thread.ofVirtual().start(() -> serve(secret, answers));
    }

    String address() {
        return "127.0.0.1:" + socket.getLocalPort() + "/" + socket.getLocalPort();
    }

    private void serve(String secret, List<Answer> answers) {
        PacketCodec codec = new PacketCodec(new StandardDictionary());
        byte[] buffer = new byte[4096];
        while (!socket.isClosed()) {
            try {
                DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
                socket.receive(datagram);
                byte[] request = Arrays.copyOf(datagram.getData(), datagram.getLength());
                codec.decodeRequest(request, secret.getBytes(StandardCharsets.UTF_8)); // a request we accept
                byte[] authenticator = Arrays.copyOfRange(request, 4, 20);
                for (Answer answer : answers) {
                    byte[] wire = codec.encodeResponse(answer.reply(), answer.secret().getBytes(StandardCharsets.UTF_8),
                            request[1] & 0xff, authenticator);
                    socket.send(new DatagramPacket(wire, wire.length, datagram.getSocketAddress()));
                }
            } catch (IOException | org.aaa4j.radius.core.packet.PacketCodecException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join();
    }
}
