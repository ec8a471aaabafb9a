import QRCode from 'qrcode';
import { BaileysCompanion, WaSimulator } from '../src/index.js';

describe('pairing (real Baileys against the simulator)', () => {
  let sim: WaSimulator;
  const companions: BaileysCompanion[] = [];
  const companion = () => {
    const c = BaileysCompanion.start({ url: sim.url });
    companions.push(c);
    return c;
  };

  beforeAll(async () => {
    sim = await WaSimulator.start();
  });
  afterEach(() => companions.splice(0).forEach((c) => c.end()));
  afterAll(() => sim.stop());

  it('links a device when the phone scans the QR picture, then logs in after the 515 restart', async () => {
    const phone = await sim.createPhone({ number: '5511999990001', name: 'Ana' });
    const sut = companion();
    const qr = await sut.waitForQr();
    expect(qr).toMatch(/^https:\/\/wa\.me\/settings\/linked_devices#/);

    const opened = sut.waitForOpen();
    const png = await QRCode.toDataURL(qr);
    const linked = await sim.scanQr(phone.number, png);
    await opened;

    expect(sut.creds.registered).toBe(false); // QR pairing does not set `registered`; login does not need it
    expect(sut.creds.me?.id).toBe(`5511999990001:${linked.device}@s.whatsapp.net`);
    expect(sut.creds.me?.lid).toBe(`${phone.lid}:${linked.device}@lid`);
    expect(sut.creds.me?.name).toBe('Ana');
    expect(sim.getPhone(phone.number).devices).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: linked.device, online: true })]),
    );
  });

  it('links a device with a pairing code typed on the phone', async () => {
    const phone = await sim.createPhone({ number: '5511999990002' });
    const sut = companion();
    await sut.waitForQr();
    const code = await sut.socket.requestPairingCode(phone.number);
    expect(code).toMatch(/^[A-Z0-9]{8}$/);

    const opened = sut.waitForOpen();
    await sim.enterPairingCode(phone.number, `${code.slice(0, 4)}-${code.slice(4)}`);
    await opened;
    expect(sut.creds.registered).toBe(true);
    expect(sut.creds.me?.id).toMatch(/^5511999990002:\d+@s\.whatsapp\.net$/);
  });

  it('logs in again from saved credentials without a new QR', async () => {
    const phone = await sim.createPhone({ number: '5511999990003' });
    const first = companion();
    const qr = await first.waitForQr();
    const opened = first.waitForOpen();
    await sim.scanQr(phone.number, qr);
    await opened;
    const closed = first.waitForClose();
    first.end();
    await closed;

    const again = BaileysCompanion.start({ url: sim.url, auth: first.auth });
    companions.push(again);
    await again.waitForOpen();
    expect(again.events.some((e) => e.name === 'connection.update' && (e.data as { qr?: string }).qr)).toBe(
      false,
    );
  });

  it('rejects a QR that no connected device shows, and a picture without a QR', async () => {
    const phone = await sim.createPhone({ number: '5511999990004' });
    const sut = companion();
    const qr = await sut.waitForQr();
    const forged = qr.replace('#2@', '#2@forged');
    await expect(sim.scanQr(phone.number, forged)).rejects.toMatchObject({ code: 'qr_expired' });
    await expect(sim.scanQr(phone.number, 'data:image/png;base64,AAAA')).rejects.toMatchObject({
      code: 'invalid_qr',
    });
  });
});
