import type { InstanceStatus } from '@zapgate/contracts';

/** WPPConnect-server's `client.status` words. */
export function wppStatus(state: InstanceStatus['state'] | undefined): string {
  switch (state) {
    case 'connected':
      return 'CONNECTED';
    case 'qr':
      return 'QRCODE';
    case 'pairing-code':
      return 'PHONECODE';
    case 'connecting':
      return 'INITIALIZING';
    default:
      return 'CLOSED';
  }
}

/** The version WPPConnect clients see in status-session. */
export const WPP_COMPAT_VERSION = '2.10.4';
