import type { InstanceStatus } from '@zapgate/contracts';

/** mega's `instance.status` words for our connection states. */
export function megaStatus(state: InstanceStatus['state']): string {
  switch (state) {
    case 'connected':
      return 'connected';
    case 'connecting':
      return 'connecting';
    case 'qr':
    case 'pairing-code':
      return 'qrcode';
    default:
      return 'disconnected';
  }
}

export function megaInstance(status: InstanceStatus) {
  return {
    key: status.instance,
    status: megaStatus(status.state),
    ...(status.me
      ? {
          user: {
            id: status.me.id,
            name: status.me.name ?? '',
            ...(status.me.lid ? { lid: status.me.lid } : {}),
          },
        }
      : {}),
  };
}
