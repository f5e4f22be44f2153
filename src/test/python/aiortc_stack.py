"""The aiortc media stack of the Jingle test peer (src/test/js/peer.js --stack aiortc), with Dino's constraints.

aiortc 1.4 (Debian python3-aiortc, run with /usr/bin/python3) owns one RTCPeerConnection at a time; the Node driver
keeps XMPP and Jingle (the same code as for Chromium) and talks to this script in JSON lines:
  in  {"id": n, "op": OP, "arg": ...}   OP: open, offer, answer (arg: the remote offer), accepted (arg: the remote
                                         answer), candidate (arg: an RTCIceCandidate's JSON), local-sdp, codecs
                                         (arg: encoding names or null), stats, close
  out {"id": n, "result": ...} or {"id": n, "error": why}
  out {"event": "candidate", "candidate": json|null}    local candidates after each offer/answer, null at the end
  out {"event": "state", "connection": s, "dtls": s}    each connectionState change, with the DTLS transport's state
Logs go to stderr. The microphone is a WAV file (argv[1]) played in a loop.

Dino's constraints (GnuTLS DTLS): only SRTP_AES128_CM_HMAC_SHA1_80, only sha-256 fingerprints, a client certificate
requested when it is the DTLS server. aiortc 1.4 has exactly these (RTCCertificate._create_ssl_context sets
use_srtp "SRTP_AES128_CM_SHA1_80" — OpenSSL's name of RFC 5764's 0x0001 — and VERIFY_PEER|VERIFY_FAIL_IF_NO_PEER_CERT;
getFingerprints gives one sha-256); later aiortc releases add AEAD-GCM profiles and more hashes, so restrict() below
pins them anyway. What really went over the wire is read back from the DTLS records themselves (Wire), not assumed.
"""
import asyncio
import hashlib
import json
import logging
import re
import sys

import aioice.ice
import numpy
from OpenSSL import SSL
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from aiortc.contrib.media import MediaPlayer
from aiortc.mediastreams import MediaStreamError
from aiortc.rtcdtlstransport import RTCCertificate
from aiortc.rtcrtpsender import RTCRtpSender
from aiortc.sdp import candidate_from_sdp

SRTP_PROFILES = {1: "SRTP_AES128_CM_HMAC_SHA1_80", 2: "SRTP_AES128_CM_HMAC_SHA1_32", 7: "SRTP_AEAD_AES_128_GCM",
                 8: "SRTP_AEAD_AES_256_GCM"}
HANDSHAKE = {1: "ClientHello", 2: "ServerHello", 3: "HelloVerifyRequest", 11: "Certificate", 12: "ServerKeyExchange",
             13: "CertificateRequest", 14: "ServerHelloDone", 15: "CertificateVerify", 16: "ClientKeyExchange"}
USE_SRTP = 14  # RFC 5764 §4.1.1 extension type

log = logging.getLogger("aiortc-stack")


def restrict():
    """Dino's constraints, whatever the aiortc version offers by itself."""
    context = RTCCertificate._create_ssl_context

    def dino_context(self, *args, **kwargs):
        ctx = context(self, *args, **kwargs)
        ctx.set_tlsext_use_srtp(b"SRTP_AES128_CM_SHA1_80")
        # as server, ask for the client's certificate and refuse a client without one (the fingerprint is checked
        # against it after the handshake, RFC 8122 §5)
        ctx.set_verify(SSL.VERIFY_PEER | SSL.VERIFY_FAIL_IF_NO_PEER_CERT, lambda *unused: True)
        return ctx

    RTCCertificate._create_ssl_context = dino_context
    fingerprints = RTCCertificate.getFingerprints
    RTCCertificate.getFingerprints = lambda self: [f for f in fingerprints(self) if f.algorithm.lower() == "sha-256"]

    # aioice never gathers 127.0.0.1; the tests' network is loopback (Chromium needs
    # --allow-loopback-in-peer-connection for the same reason), so offer it first
    host_addresses = aioice.ice.get_host_addresses
    aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: (["127.0.0.1"] if use_ipv4 else []) + host_addresses(
        use_ipv4, use_ipv6)


def fingerprint(der):
    return ":".join(f"{b:02X}" for b in hashlib.sha256(der).digest())


class Wire:
    """What the ICE connection sent and received: DTLS handshake messages (epoch 0, reassembled from fragments) and
    the RTP payload types of SRTP packets (their header is in clear, RFC 3711 §3.1)."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.messages = {"sent": [], "received": []}
        self.payload_types = {"sent": {}, "received": {}}
        self.fragments = {}

    def see(self, direction, data):
        if not data:
            return
        first = data[0]
        if 19 < first < 64:
            self.records(direction, data)
        elif 127 < first < 192 and len(data) > 1 and not 64 <= data[1] & 0x7F < 96:  # RTP, not RTCP (RFC 5761 §4)
            counts = self.payload_types[direction]
            pt = data[1] & 0x7F
            counts[pt] = counts.get(pt, 0) + 1

    def records(self, direction, data):
        at = 0
        while at + 13 <= len(data):
            kind, epoch, length = data[at], int.from_bytes(data[at + 3:at + 5], "big"), int.from_bytes(
                data[at + 11:at + 13], "big")
            body = data[at + 13:at + 13 + length]
            at += 13 + length
            if kind == 22 and epoch == 0:
                self.handshake(direction, body)

    def handshake(self, direction, body):
        at = 0
        while at + 12 <= len(body):
            kind = body[at]
            length = int.from_bytes(body[at + 1:at + 4], "big")
            seq = int.from_bytes(body[at + 4:at + 6], "big")
            offset = int.from_bytes(body[at + 6:at + 9], "big")
            size = int.from_bytes(body[at + 9:at + 12], "big")
            key = (direction, seq, kind)
            message = self.fragments.setdefault(key, {"bytes": bytearray(length), "have": set()})
            message["bytes"][offset:offset + size] = body[at + 12:at + 12 + size]
            message["have"].update(range(offset, offset + size))
            at += 12 + size
            if len(message["have"]) == length and not message.get("done"):
                message["done"] = True
                self.messages[direction].append(self.parse(kind, bytes(message["bytes"])))

    @staticmethod
    def parse(kind, m):
        out = {"type": HANDSHAKE.get(kind, str(kind))}
        try:
            if kind == 1:  # version, random, session id, cookie, cipher suites, compression methods, extensions
                at = 34
                at += 1 + m[at]
                at += 1 + m[at]
                at += 2 + int.from_bytes(m[at:at + 2], "big")
                at += 1 + m[at]
                out["srtpProfiles"] = Wire.use_srtp(m, at)
            elif kind == 2:  # version, random, session id, cipher suite, compression method, extensions
                at = 34
                at += 1 + m[at]
                at += 3
                out["srtpProfiles"] = Wire.use_srtp(m, at)
            elif kind == 11:  # certificate_list<0..2^24-1> of ASN.1Cert<1..2^24-1>
                certificates = []
                at = 3
                while at + 3 <= len(m):
                    size = int.from_bytes(m[at:at + 3], "big")
                    certificates.append(fingerprint(m[at + 3:at + 3 + size]))
                    at += 3 + size
                out["sha256"] = certificates
        except IndexError:
            out["malformed"] = True
        return out

    @staticmethod
    def use_srtp(m, at):
        if at + 2 > len(m):
            return []
        end = at + 2 + int.from_bytes(m[at:at + 2], "big")
        at += 2
        while at + 4 <= end:
            kind, size = int.from_bytes(m[at:at + 2], "big"), int.from_bytes(m[at + 2:at + 4], "big")
            if kind == USE_SRTP:
                n = int.from_bytes(m[at + 4:at + 6], "big")
                ids = [int.from_bytes(m[at + 6 + i:at + 8 + i], "big") for i in range(0, n, 2)]
                return [SRTP_PROFILES.get(i, hex(i)) for i in ids]
            at += 4 + size
        return []


WIRE = Wire()


def sniff():
    """Every datagram aiortc's DTLS transport sends or receives goes through aioice's Connection.send/recv."""
    send, recv = aioice.Connection.send, aioice.Connection.recv

    async def sniffed_send(self, data):
        WIRE.see("sent", data)
        return await send(self, data)

    async def sniffed_recv(self):
        data = await recv(self)
        WIRE.see("received", data)
        return data

    aioice.Connection.send, aioice.Connection.recv = sniffed_send, sniffed_recv


class Ear:
    """The decoded remote audio: its energy (W3C totalAudioEnergy) and the loudest frequency of its last 0.5 s."""

    def __init__(self):
        self.frames = 0
        self.energy = 0.0
        self.level = 0.0
        self.rate = 8000
        self.recent = numpy.zeros(0, dtype=numpy.float64)

    def hear(self, frame):
        samples = frame.to_ndarray().astype(numpy.float64).reshape(-1) / 32768.0
        channels = len(frame.layout.channels)
        if channels > 1:
            samples = samples.reshape(-1, channels).mean(axis=1)
        self.rate = frame.sample_rate
        self.frames += 1
        self.level = float(numpy.sqrt(numpy.mean(samples ** 2))) if len(samples) else 0.0
        self.energy += self.level ** 2 * len(samples) / self.rate
        self.recent = numpy.concatenate([self.recent, samples])[-self.rate // 2:]

    def dominant_hz(self):
        if len(self.recent) < self.rate // 4 or numpy.sqrt(numpy.mean(self.recent ** 2)) < 0.001:
            return 0
        spectrum = numpy.abs(numpy.fft.rfft(self.recent * numpy.hanning(len(self.recent))))
        spectrum[0] = 0
        return int(round(numpy.argmax(spectrum) * self.rate / len(self.recent)))


def rtpmap(sdp):
    return {int(m.group(1)): m.group(2) for m in re.finditer(r"a=rtpmap:(\d+) ([^/\s]+)", sdp or "")}


class Stack:
    def __init__(self, wav, emit):
        self.wav = wav
        self.emit = emit
        self.pc = None
        self.player = None
        self.ear = None
        self.codecs = None

    async def open(self, _=None):
        await self.close()
        WIRE.reset()
        self.ear = Ear()
        self.pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))  # no STUN: the network is loopback
        self.player = MediaPlayer(self.wav, loop=True)
        transceiver = self.pc.addTransceiver(self.player.audio, direction="sendrecv")
        if self.codecs is not None:
            wanted = [n.lower() for n in self.codecs]
            all_codecs = RTCRtpSender.getCapabilities("audio").codecs
            transceiver.setCodecPreferences([c for n in wanted for c in all_codecs
                                             if c.mimeType.split("/")[1].lower() == n])
        pc, ear = self.pc, self.ear

        @pc.on("connectionstatechange")
        def changed():
            self.emit({"event": "state", "connection": pc.connectionState, "dtls": self.dtls(pc).state})

        @pc.on("track")
        def track(t):
            async def consume():
                try:
                    while True:
                        ear.hear(await t.recv())
                except MediaStreamError:
                    pass
            asyncio.ensure_future(consume())

    @staticmethod
    def dtls(pc):
        return pc.getTransceivers()[0].receiver.transport

    async def described(self):
        """aiortc gathers every candidate in setLocalDescription: hand them out as a browser would trickle them."""
        sdp = self.pc.localDescription.sdp
        mid = self.pc.getTransceivers()[0].mid
        ufrag = re.search(r"a=ice-ufrag:(\S+)", sdp).group(1)
        for line in re.findall(r"a=(candidate:[^\r\n]+)", sdp):
            self.emit({"event": "candidate", "candidate": json.dumps(
                {"candidate": line, "sdpMid": mid, "usernameFragment": ufrag})})
        self.emit({"event": "candidate", "candidate": None})
        return sdp

    async def offer(self, _=None):
        await self.pc.setLocalDescription(await self.pc.createOffer())
        return await self.described()

    async def answer(self, sdp):
        await self.pc.setRemoteDescription(RTCSessionDescription(sdp=sdp, type="offer"))
        await self.pc.setLocalDescription(await self.pc.createAnswer())
        return await self.described()

    async def accepted(self, sdp):
        await self.pc.setRemoteDescription(RTCSessionDescription(sdp=sdp, type="answer"))

    async def candidate(self, init):
        c = json.loads(init)
        candidate = candidate_from_sdp(c["candidate"].split(":", 1)[1])
        candidate.sdpMid = c.get("sdpMid")
        await self.pc.addIceCandidate(candidate)

    async def local_sdp(self, _=None):
        return self.pc.localDescription.sdp

    async def set_codecs(self, names):
        self.codecs = names

    async def stats(self, _=None):
        pc = self.pc
        if pc is None:
            return {"connection": "none", "dominantHz": 0}
        out = {"connection": pc.connectionState, "dominantHz": self.ear.dominant_hz(), "audioLevel": self.ear.level,
               "totalAudioEnergy": self.ear.energy, "framesDecoded": self.ear.frames}
        for s in (await pc.getStats()).values():
            if s.type == "inbound-rtp":
                out["packetsReceived"], out["packetsLost"] = s.packetsReceived, s.packetsLost
            elif s.type == "outbound-rtp":
                out["packetsSent"] = s.packetsSent
        local = rtpmap(pc.localDescription.sdp if pc.localDescription else None)
        remote = rtpmap(pc.remoteDescription.sdp if pc.remoteDescription else None)
        received, sent = WIRE.payload_types["received"], WIRE.payload_types["sent"]
        if received:  # what the wire carried most, by the payload type numbers of our own description
            out["inboundCodec"] = "audio/" + local.get(max(received, key=received.get), "?")
        if sent:
            out["outboundCodec"] = "audio/" + remote.get(max(sent, key=sent.get), "?")
        dtls = self.dtls(pc)
        out["dtlsState"] = dtls.state
        out["iceState"] = dtls.transport.state
        selected = None
        if dtls.state == "connected":
            # pyOpenSSL 23 has no get_selected_srtp_profile: ask OpenSSL itself (SRTP_PROTECTION_PROFILE.name)
            profile = SSL._lib.SSL_get_selected_srtp_profile(dtls.ssl._ssl)
            selected = SSL._ffi.string(profile.name).decode() if profile != SSL._ffi.NULL else None
            out["srtpCipher"] = selected
        out["dtls"] = {
            "role": dtls._role,
            "selectedSrtpProfile": selected,
            "localFingerprints": [line.split()[0] for line in
                                  re.findall(r"a=fingerprint:([^\r\n]+)", pc.localDescription.sdp)]
            if pc.localDescription else [],
            "localCertificate": [f.value for f in dtls._RTCDtlsTransport__local_certificate.getFingerprints()],
            "wire": WIRE.messages,
            "payloadTypes": {k: {str(pt): n for pt, n in v.items()} for k, v in WIRE.payload_types.items()},
        }
        return out

    async def close(self, _=None):
        pc, player = self.pc, self.player
        self.pc = self.player = None
        if pc is not None:
            await pc.close()
        if player is not None and player.audio is not None:
            player.audio.stop()


async def main():
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="[aiortc] %(name)s %(message)s")
    restrict()
    sniff()
    loop = asyncio.get_running_loop()

    def emit(obj):
        sys.stdout.write(json.dumps(obj) + "\n")
        sys.stdout.flush()

    stack = Stack(sys.argv[1], emit)
    ops = {"open": stack.open, "offer": stack.offer, "answer": stack.answer, "accepted": stack.accepted,
           "candidate": stack.candidate, "local-sdp": stack.local_sdp, "codecs": stack.set_codecs,
           "stats": stack.stats, "close": stack.close}
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while True:
        line = await reader.readline()
        if not line:
            break
        request = json.loads(line)
        try:
            emit({"id": request["id"], "result": await ops[request["op"]](request.get("arg"))})
        except Exception as e:  # the driver turns it into a failed command or call
            log.exception("%s failed", request["op"])
            emit({"id": request["id"], "error": f"{type(e).__name__}: {e}"})
    await stack.close()


if __name__ == "__main__":
    asyncio.run(main())
