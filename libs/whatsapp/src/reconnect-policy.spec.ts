import { DisconnectReason } from '@whiskeysockets/baileys';
import { decideReconnect, DEFAULT_RECONNECT } from './reconnect-policy.js';

describe(decideReconnect.name, () => {
  const o = { ...DEFAULT_RECONNECT, random: () => 1 };

  it('restarts at once on 515', () => {
    expect(decideReconnect(DisconnectReason.restartRequired, 3, false, o)).toEqual({
      action: 'reconnect',
      delayMs: 0,
    });
  });

  it('stops for good on logout, conflict and unscanned QR codes', () => {
    expect(decideReconnect(401, 0, false, o)).toMatchObject({ action: 'stop', state: 'logged-out' });
    expect(decideReconnect(440, 0, false, o)).toMatchObject({ action: 'stop', state: 'conflict' });
    expect(decideReconnect(408, 0, true, o)).toMatchObject({ action: 'stop', state: 'qr-timeout' });
  });

  it('backs off exponentially with jitter up to the cap, then gives up', () => {
    expect(decideReconnect(428, 0, false, o)).toEqual({ action: 'reconnect', delayMs: 1_000 });
    expect(decideReconnect(408, 3, false, o)).toEqual({ action: 'reconnect', delayMs: 8_000 });
    expect(decideReconnect(500, 10, false, o)).toEqual({ action: 'reconnect', delayMs: 30_000 });
    expect(decideReconnect(500, 2, false, { ...o, random: () => 0.25 })).toEqual({
      action: 'reconnect',
      delayMs: 1_000,
    });
    expect(decideReconnect(503, 20, false, o)).toMatchObject({ action: 'stop', state: 'stopped' });
  });
});
