import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { startNatsServer } from './nats-server.js';

describe(startNatsServer.name, () => {
  it('runs a private JetStream-enabled server and removes it on stop', async () => {
    const sut = await startNatsServer();
    const nc = await connect({ servers: sut.url });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: 'ZG_PROBE', subjects: ['probe.>'] });
    expect((await jsm.streams.info('ZG_PROBE')).config.subjects).toEqual(['probe.>']);
    await nc.close();
    await sut.stop();
    await expect(connect({ servers: sut.url, reconnect: false, timeout: 1000 })).rejects.toThrow();
  });
});
