import type { WebSocket } from 'ws';
import {
  binaryNodeToString,
  Curve,
  decodeBinaryNode,
  encodeBinaryNode,
  proto,
  type BinaryNode,
  type KeyPair,
} from '@whiskeysockets/baileys';
import { NoiseResponder } from '../noise/noise-responder.js';
import type { SimLogger } from '../sim-logger.js';
import { encodeFrame, FrameDecoder } from './frame-codec.js';

export interface ConnectionHost {
  readonly serverStatic: KeyPair;
  readonly certificateChain: Buffer;
  readonly logger: SimLogger;
  onClientPayload(connection: ClientConnection, payload: proto.ClientPayload): Promise<void>;
  onNode(connection: ClientConnection, node: BinaryNode): Promise<void>;
  onClose(connection: ClientConnection): void;
  /** Lets the fault injector delay (ms) or drop (`'drop'`) a node on its way to a client. */
  outboundFault(connection: ClientConnection, node: BinaryNode): number | 'drop' | undefined;
}

type HandshakeState = 'hello' | 'finish' | 'open' | 'closed';

let nextConnectionId = 1;

/**
 * One client websocket: runs the Noise handshake, then decodes inbound frames to binary nodes
 * (processed strictly in order) and encrypts outbound nodes.
 */
export class ClientConnection {
  readonly id = nextConnectionId++;
  /** Set once the device has logged in (or been identified while pairing). */
  deviceJid?: string;
  /** Account number and device id once logged in. */
  login?: { number: string; device: number };
  clientStaticKey?: Uint8Array;

  private state: HandshakeState = 'hello';
  private readonly noise = new NoiseResponder();
  private readonly decoder: FrameDecoder;
  private ephemeral?: KeyPair;
  private inbound: Promise<void> = Promise.resolve();
  private outbound: Promise<void> = Promise.resolve();

  constructor(
    private readonly ws: WebSocket,
    private readonly host: ConnectionHost,
  ) {
    this.decoder = new FrameDecoder((header) => this.noise.authenticate(header));
    ws.on('message', (data: Buffer) => {
      this.inbound = this.inbound
        .then(() => this.onData(data))
        .catch((err: unknown) => {
          this.host.logger.warn({ err, connection: this.id }, 'closing connection after protocol error');
          this.terminate();
        });
    });
    ws.on('close', () => {
      this.state = 'closed';
      this.host.onClose(this);
    });
    ws.on('error', () => this.terminate());
  }

  get isOpen(): boolean {
    return this.state === 'open' && this.ws.readyState === this.ws.OPEN;
  }

  /** Sends a node, subject to injected faults; resolves when written (or dropped). */
  send(node: BinaryNode): Promise<void> {
    const fault = this.host.outboundFault(this, node);
    if (fault === 'drop') {
      this.host.logger.debug({ connection: this.id, tag: node.tag }, 'fault: dropped outbound node');
      return Promise.resolve();
    }
    const write = async () => {
      if (fault) await new Promise((r) => setTimeout(r, fault));
      if (this.ws.readyState !== this.ws.OPEN) return;
      if (this.host.logger.isLevelEnabled('trace')) {
        this.host.logger.trace(
          { connection: this.id, jid: this.deviceJid },
          `>> ${binaryNodeToString(node)}`,
        );
      }
      await this.writeRaw(this.noise.encryptFrame(encodeBinaryNode(node)));
    };
    // Encryption counters require nodes to be encrypted in the order they are written.
    this.outbound = this.outbound.then(write, write);
    return this.outbound;
  }

  /** Ends the stream the way WhatsApp does: a stream error, then the socket closes. */
  async streamError(node: BinaryNode): Promise<void> {
    await this.send(node).catch(() => undefined);
    this.close();
  }

  close(): void {
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) this.ws.close();
  }

  terminate(): void {
    this.state = 'closed';
    this.ws.terminate();
  }

  private writeRaw(payload: Uint8Array): Promise<void> {
    return new Promise((resolve) => this.ws.send(encodeFrame(payload), () => resolve()));
  }

  private async onData(data: Buffer): Promise<void> {
    for (const frame of this.decoder.push(data)) {
      if (this.state === 'closed') return;
      await this.onFrame(frame);
    }
  }

  private async onFrame(frame: Buffer): Promise<void> {
    switch (this.state) {
      case 'hello':
        return this.onClientHello(frame);
      case 'finish':
        return this.onClientFinish(frame);
      case 'open': {
        const node = await decodeBinaryNode(this.noise.decryptFrame(frame));
        if (this.host.logger.isLevelEnabled('trace')) {
          this.host.logger.trace(
            { connection: this.id, jid: this.deviceJid },
            `<< ${binaryNodeToString(node)}`,
          );
        }
        return this.host.onNode(this, node);
      }
      default:
        return;
    }
  }

  private async onClientHello(frame: Buffer): Promise<void> {
    const { clientHello } = proto.HandshakeMessage.decode(frame);
    if (!clientHello?.ephemeral) throw new Error('client hello without ephemeral key');
    const n = this.noise;
    n.authenticate(clientHello.ephemeral);
    this.ephemeral = Curve.generateKeyPair();
    n.authenticate(this.ephemeral.public);
    n.mixIntoKey(Curve.sharedKey(this.ephemeral.private, clientHello.ephemeral));
    const staticCiphertext = n.encrypt(this.host.serverStatic.public);
    n.mixIntoKey(Curve.sharedKey(this.host.serverStatic.private, clientHello.ephemeral));
    const payloadCiphertext = n.encrypt(this.host.certificateChain);
    const serverHello = proto.HandshakeMessage.encode({
      serverHello: { ephemeral: this.ephemeral.public, static: staticCiphertext, payload: payloadCiphertext },
    }).finish();
    this.state = 'finish';
    await this.writeRaw(serverHello);
  }

  private async onClientFinish(frame: Buffer): Promise<void> {
    const { clientFinish } = proto.HandshakeMessage.decode(frame);
    if (!clientFinish?.static || !clientFinish.payload) throw new Error('incomplete client finish');
    const n = this.noise;
    const clientStatic = n.decrypt(clientFinish.static);
    n.mixIntoKey(Curve.sharedKey(this.ephemeral!.private, clientStatic));
    const payload = proto.ClientPayload.decode(n.decrypt(clientFinish.payload));
    n.finishHandshake();
    this.clientStaticKey = clientStatic;
    this.state = 'open';
    await this.host.onClientPayload(this, payload);
  }
}
