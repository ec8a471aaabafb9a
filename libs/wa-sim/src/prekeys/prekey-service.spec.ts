import { Curve, xmppPreKey } from '@whiskeysockets/baileys';
import { AccountRegistry } from '../accounts/account-registry.js';
import { node } from '../stanza/nodes.js';
import { PreKeyService } from './prekey-service.js';

describe(PreKeyService.name, () => {
  function setup() {
    const accounts = new AccountRegistry();
    const identity = Curve.generateKeyPair();
    const account = accounts.create('5511950000001', 'Ana', identity);
    const device = {
      id: 1,
      noisePublicKey: Buffer.alloc(32),
      identityKey: identity.public,
      bundle: {
        registration: Buffer.from([0, 0, 0, 7]),
        identity: identity.public,
        signedPreKey: node('skey'),
        oneTimePreKeys: [],
      },
      platform: 'web',
      linkedAt: 0,
    };
    account.addDevice(device);
    return { sut: new PreKeyService(accounts), device };
  }

  it('counts uploaded one-time prekeys and hands each out once', () => {
    const { sut, device } = setup();
    const upload = node('iq', { xmlns: 'encrypt', type: 'set' }, [
      node('list', {}, [xmppPreKey(Curve.generateKeyPair(), 1), xmppPreKey(Curve.generateKeyPair(), 2)]),
    ]);
    sut.upload(device, upload);
    expect(sut.count(device).attrs.value).toBe('2');

    const request = node('key', {}, [node('user', { jid: '5511950000001:1@s.whatsapp.net' })]);
    const idOf = (list: ReturnType<typeof sut.bundles>) => {
      const user = (list.content as ReturnType<typeof node>[])[0]!;
      const key = (user.content as ReturnType<typeof node>[]).find((n) => n.tag === 'key');
      return key
        ? Buffer.from((key.content as ReturnType<typeof node>[])[0]!.content as Uint8Array).readUIntBE(0, 3)
        : undefined;
    };
    expect(idOf(sut.bundles(request))).toBe(1);
    expect(idOf(sut.bundles(request))).toBe(2);
    expect(idOf(sut.bundles(request))).toBeUndefined(); // only the signed prekey is left
    expect(sut.count(device).attrs.value).toBe('0');
  });

  it('answers 404 for a device it does not know', () => {
    const { sut } = setup();
    const list = sut.bundles(node('key', {}, [node('user', { jid: '5511950000001:9@s.whatsapp.net' })]));
    const user = (list.content as ReturnType<typeof node>[])[0]!;
    expect((user.content as ReturnType<typeof node>[])[0]).toMatchObject({
      tag: 'error',
      attrs: { code: '404' },
    });
  });
});
