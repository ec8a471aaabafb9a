import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

export interface StartProcessOptions {
  /** Shown in errors and logs. */
  name: string;
  /** The script node runs (a build under dist/). */
  entry: string;
  env?: Record<string, string | undefined>;
  /** Ready once a GET of this URL answers 2xx. */
  readyUrl?: string;
  /** How long to wait for readiness (default 60 s). */
  readyTimeoutMs?: number;
}

export interface RunningProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** The last lines the process wrote (stdout and stderr), for failure messages. */
  logs(): string;
  /** SIGTERM, then SIGKILL after `graceMs` (default 15 s); resolves with how it ended. */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL: a crash. */
  kill(): Promise<void>;
}

const alive = new Set<ChildProcess>();
// no orphans, however the test process ends
process.on('exit', () => alive.forEach((c) => c.kill('SIGKILL')));

/** Runs a Node program as its own OS process, as production runs it, and waits until it is ready. */
export async function startProcess(o: StartProcessOptions): Promise<RunningProcess> {
  const child = spawn(process.execPath, [o.entry], {
    env: { ...process.env, ...o.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  alive.add(child);
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  void exited.then(() => alive.delete(child));
  // Every line is kept (up to a generous cap): tests read adoption and lease lines from here, and
  // libsignal prints multi-line session dumps that would push them out of a short tail.
  const tail: string[] = [];
  for (const stream of [child.stdout!, child.stderr!])
    createInterface({ input: stream }).on('line', (line) => {
      tail.push(line);
      if (tail.length > 50_000) tail.shift();
    });
  const logs = () => tail.join('\n');

  const running: RunningProcess = {
    name: o.name,
    child,
    logs,
    async stop(graceMs = 15_000) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      return { code: child.exitCode, signal: child.signalCode };
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };

  if (o.readyUrl) {
    const deadline = Date.now() + (o.readyTimeoutMs ?? 60_000);
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`${o.name} exited before it was ready:\n${tail.slice(-200).join('\n')}`);
      const ok = await fetch(o.readyUrl).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) {
        await running.kill();
        throw new Error(`${o.name} was not ready at ${o.readyUrl}:\n${tail.slice(-200).join('\n')}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return running;
}
