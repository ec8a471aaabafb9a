// Forces a full GC in another Node process through its inspector protocol on loopback (the process
// runs with `--inspect=127.0.0.1:0` and its stderr piped), then reads its RSS: the memory benchmarks
// measure zapgate's processes without any benchmark hook in the apps.
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';

/** Forces a full GC in another Node process through its inspector, then reads its RSS. */
export class InspectedProcess {
  private nextId = 1;
  private constructor(
    private readonly ws: WebSocket,
    readonly pid: number,
  ) {}

  static async attach(child: ChildProcess): Promise<InspectedProcess> {
    const lines = createInterface({ input: child.stderr! });
    const url = await new Promise<string>((resolve, reject) => {
      lines.on('line', (line) => {
        const m = /Debugger listening on (ws:\/\/\S+)/.exec(line);
        if (m) resolve(m[1]!);
        else if (!line.startsWith('For help')) process.stderr.write(`${line}\n`);
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
    });
    const ws = new WebSocket(url);
    await once(ws, 'open');
    return new InspectedProcess(ws, child.pid!);
  }

  private send(method: string, params: object = {}): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const onMessage = (data: WebSocket.RawData) => {
        const reply = JSON.parse(data.toString()) as { id?: number; result?: unknown };
        if (reply.id !== id) return;
        this.ws.off('message', onMessage);
        resolve(reply.result);
      };
      this.ws.on('message', onMessage);
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  /** The value of a JavaScript expression evaluated in the process (JSON-compatible values). */
  async evaluate<T>(expression: string): Promise<T> {
    const result = (await this.send('Runtime.evaluate', { expression, returnByValue: true })) as {
      result: { value: T };
    };
    return result.result.value;
  }

  async rssAfterGc(): Promise<number> {
    await this.send('HeapProfiler.collectGarbage');
    await this.send('HeapProfiler.collectGarbage');
    const status = await readFile(`/proc/${this.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
  }

  close() {
    this.ws.close();
  }
}
