import { EventEmitter } from 'node:events';
import { ALL_WA_PATCH_NAMES, type WASocket } from '@whiskeysockets/baileys';
import { pino } from 'pino';
import { syncAppStateWhenKeyArrives } from './initial-app-state.js';

describe(syncAppStateWhenKeyArrives.name, () => {
  const socketWith = () => {
    const ev = new EventEmitter();
    const resyncs: [readonly string[], boolean][] = [];
    const socket = {
      ev,
      resyncAppState: async (names: readonly string[], initial: boolean) =>
        void resyncs.push([names, initial]),
    } as unknown as WASocket;
    return { ev, socket, resyncs };
  };

  it('syncs every collection once, when the phone shares its app-state key', () => {
    const { ev, socket, resyncs } = socketWith();
    syncAppStateWhenKeyArrives(socket, () => true, pino({ level: 'silent' }));
    ev.emit('creds.update', { accountSyncCounter: 1 });
    expect(resyncs).toEqual([]);
    ev.emit('creds.update', { myAppStateKeyId: 'AAAAAQ==' });
    ev.emit('creds.update', { myAppStateKeyId: 'AAAAAg==' });
    expect(resyncs).toEqual([[ALL_WA_PATCH_NAMES, true]]);
  });

  it('leaves a replaced socket alone', () => {
    const { ev, socket, resyncs } = socketWith();
    syncAppStateWhenKeyArrives(socket, () => false, pino({ level: 'silent' }));
    ev.emit('creds.update', { myAppStateKeyId: 'AAAAAQ==' });
    expect(resyncs).toEqual([]);
  });
});
