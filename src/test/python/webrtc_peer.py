"""A WebRTC peer for BridgedMediaIT, on aiortc (Debian python3-aiortc 1.4; run with /usr/bin/python3).

Protocol on stdin/stdout, one JSON object per line:
  out {"offer": sdp}                   the offer of an RTCPeerConnection with one audio track (a 440 Hz tone)
  in  {"answer": sdp}                  the relay's answer (ice-lite, its candidate, fingerprint, setup)
  out {"state": ..., "inbound": n, "outbound": n, "decoded": n}   every 250 ms: connection state, RTP packets
                                       received (decrypted) and sent according to getStats(), audio frames decoded
  in  "quit" or end of input           close and exit
"""
import asyncio
import fractions
import json
import math
import sys

from aiortc import RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import AudioStreamTrack, MediaStreamError


class Tone(AudioStreamTrack):
    """The paced silence of AudioStreamTrack, filled with a 440 Hz sine (8 kHz, 16-bit mono)."""

    async def recv(self):
        frame = await super().recv()
        samples = frame.samples
        start = frame.pts
        data = bytearray()
        for i in range(samples):
            value = int(8000 * math.sin(2 * math.pi * 440 * (start + i) / 8000))
            data += value.to_bytes(2, "little", signed=True)
        frame.planes[0].update(bytes(data))
        frame.time_base = fractions.Fraction(1, 8000)
        return frame


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


async def main():
    loop = asyncio.get_running_loop()
    pc = RTCPeerConnection()
    pc.addTrack(Tone())
    decoded = 0

    async def consume(track):
        nonlocal decoded
        try:
            while True:
                await track.recv()
                decoded += 1
        except MediaStreamError:
            pass

    @pc.on("track")
    def on_track(track):
        asyncio.ensure_future(consume(track))

    await pc.setLocalDescription(await pc.createOffer())  # aiortc gathers every candidate before this returns
    emit({"offer": pc.localDescription.sdp})
    line = await loop.run_in_executor(None, sys.stdin.readline)
    if not line.strip():
        return
    await pc.setRemoteDescription(RTCSessionDescription(sdp=json.loads(line)["answer"], type="answer"))

    quit_requested = loop.run_in_executor(None, sys.stdin.readline)
    while not quit_requested.done():
        stats = await pc.getStats()
        inbound = sum(s.packetsReceived for s in stats.values() if s.type == "inbound-rtp")
        outbound = sum(s.packetsSent for s in stats.values() if s.type == "outbound-rtp")
        emit({"state": pc.connectionState, "inbound": inbound, "outbound": outbound, "decoded": decoded})
        await asyncio.wait([quit_requested], timeout=0.25)
    await pc.close()


if __name__ == "__main__":
    asyncio.run(main())
