/** Where an instance's WhatsApp connection stands. */
export type ConnectionState =
  /** not started, or closed on request */
  | 'stopped'
  | 'connecting'
  /** waiting for a QR scan */
  | 'qr'
  /** waiting for a pairing code to be typed on the phone */
  | 'pairing-code'
  | 'connected'
  /** terminal: the phone unlinked the device (401); credentials were cleared */
  | 'logged-out'
  /** terminal: another socket took the device over (440); not retried */
  | 'conflict'
  /** terminal: every QR code expired unscanned */
  | 'qr-timeout';

export interface AccountIdentity {
  /** `5511...@s.whatsapp.net` (no device part) */
  id: string;
  lid?: string;
  name?: string;
  /** The platform WhatsApp named the phone by at pairing (`smba`/`smbi`: WhatsApp Business; `android`, `iphone`…). */
  platform?: string;
}

export interface InstanceStatus {
  instance: string;
  state: ConnectionState;
  me?: AccountIdentity;
  /** Raw QR text while state is `qr`. */
  qr?: string;
  /** While state is `pairing-code`. */
  pairingCode?: string;
  /** Why the connection last closed, when it did. */
  reason?: string;
  updatedAt: string;
}
