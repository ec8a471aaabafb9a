/** WhatsApp frames: a 3-byte big-endian length, then the payload. */
export const MAX_FRAME_SIZE = 0xffffff;

export function encodeFrame(payload: Uint8Array): Buffer {
  if (payload.length > MAX_FRAME_SIZE) throw new Error(`frame too large: ${payload.length} bytes`);
  const frame = Buffer.alloc(3 + payload.length);
  frame.writeUInt8(payload.length >> 16, 0);
  frame.writeUInt16BE(payload.length & 0xffff, 1);
  frame.set(payload, 3);
  return frame;
}

/**
 * Reassembles frames from websocket chunks. The first chunk from a client starts with the
 * 4-byte intro `W A 6 <dict>` (optionally preceded by an `ED` routing-info block), which is
 * returned once through `onIntro` so the handshake hash can include it.
 */
export class FrameDecoder {
  private buffer = Buffer.alloc(0);
  private introSeen = false;

  constructor(private readonly onIntro: (header: Buffer) => void) {}

  push(chunk: Uint8Array): Buffer[] {
    let data = Buffer.from(chunk);
    if (!this.introSeen) {
      this.introSeen = true;
      if (data[0] === 0x45 && data[1] === 0x44) {
        const routingLength = (data[4]! << 16) | data.readUInt16BE(5);
        data = data.subarray(7 + routingLength);
      }
      const header = data.subarray(0, 4);
      if (header[0] !== 0x57 || header[1] !== 0x41) {
        throw new Error(`bad intro header ${header.toString('hex')}`);
      }
      this.onIntro(Buffer.from(header));
      data = data.subarray(4);
    }
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, data]) : data;
    const frames: Buffer[] = [];
    while (this.buffer.length >= 3) {
      const size = (this.buffer[0]! << 16) | this.buffer.readUInt16BE(1);
      if (this.buffer.length < size + 3) break;
      frames.push(Buffer.from(this.buffer.subarray(3, 3 + size)));
      this.buffer = this.buffer.subarray(3 + size);
    }
    return frames;
  }
}
