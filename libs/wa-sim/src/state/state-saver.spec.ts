import { StateSaver } from './state-saver.js';

describe(StateSaver.name, () => {
  const deferred = () => {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
  };

  it('folds changes made close together into one save, and saves later changes again', async () => {
    const saves: number[] = [];
    let value = 0;
    const saved = [deferred(), deferred()];
    const sut = new StateSaver(
      async () => {
        saves.push(value);
        saved[saves.length - 1]?.resolve();
      },
      10,
      () => undefined,
    );
    value = 1;
    sut.changed();
    value = 2;
    sut.changed();
    await saved[0]!.promise;
    expect(saves).toEqual([2]);
    value = 3;
    sut.changed();
    await saved[1]!.promise;
    expect(saves).toEqual([2, 3]);
    await sut.close();
    expect(saves).toEqual([2, 3]); // nothing pending, nothing written
  });

  it('never runs two saves at once; a change during a save is saved after it', async () => {
    let running = 0;
    let most = 0;
    const first = deferred();
    const calls: string[] = [];
    const sut = new StateSaver(
      async () => {
        running++;
        most = Math.max(most, running);
        calls.push('start');
        if (calls.length === 1) await first.promise;
        running--;
      },
      1,
      () => undefined,
    );
    sut.changed();
    while (calls.length === 0) await new Promise((r) => setTimeout(r, 1));
    sut.changed(); // while the first save is in progress
    first.resolve();
    await sut.close();
    expect(calls).toEqual(['start', 'start']);
    expect(most).toBe(1);
  });

  it('saves pending changes on close at once, then takes no more', async () => {
    const saves: string[] = [];
    const sut = new StateSaver(
      async () => void saves.push('save'),
      60_000, // the timer never fires in this test
      () => undefined,
    );
    sut.changed();
    await sut.close();
    expect(saves).toEqual(['save']);
    sut.changed();
    await sut.close();
    expect(saves).toEqual(['save']);
  });

  it('reports a failed save to onError, and saves the next change', async () => {
    const failed = deferred();
    const errors: unknown[] = [];
    const saves: string[] = [];
    const sut = new StateSaver(
      async () => {
        if (errors.length === 0 && saves.length === 0) throw new Error('disk full');
        saves.push('ok');
      },
      1,
      (err) => {
        errors.push(err);
        failed.resolve();
      },
    );
    sut.changed();
    await failed.promise;
    expect(errors).toEqual([new Error('disk full')]);
    sut.changed();
    await sut.close();
    expect(saves).toEqual(['ok']);
  });
});
