import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { DomainError, ErrorCode } from '@zapgate/contracts';
import { ManagerOptions } from './manager-options.js';

/** The files `npm run build` bundles the page into (`libs/manager/build-ui.mjs`). */
export const MANAGER_ASSETS = ['index.html', 'manager.js', 'manager.css'] as const;

/**
 * Where the built page is: `dist/libs/manager/public` beside the compiled library, or, when the
 * library runs from its sources (tests), the same folder of the repository's `dist/`.
 */
export function managerAssetsDir(): string | undefined {
  const candidates = [
    new URL('../public/', import.meta.url),
    new URL('../../../dist/libs/manager/public/', import.meta.url),
  ];
  return candidates.map((u) => fileURLToPath(u)).find((dir) => existsSync(join(dir, 'index.html')));
}

interface Res {
  setHeader(name: string, value: string): void;
  sendFile(path: string, options: { headers?: Record<string, string> }, done: (err?: unknown) => void): void;
}

// the page and its two files only: no inline script, no other origin (works offline)
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; connect-src 'self'; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * The manager page at `/manager` (static files bundled at build time; the page holds no data:
 * everything it shows comes from `/manager/api` with a token).
 */
@ApiExcludeController()
@Controller('manager')
export class ManagerStaticController {
  private readonly dir: string | undefined;

  constructor(options: ManagerOptions) {
    this.dir = options.assetsDir ?? managerAssetsDir();
  }

  @Get()
  page(@Res() res: Res): Promise<void> {
    return this.send(res, 'index.html', 'no-cache');
  }

  @Get(':file')
  asset(@Param('file') file: string, @Res() res: Res): Promise<void> {
    if (!(MANAGER_ASSETS as readonly string[]).includes(file) || file === 'index.html')
      throw new DomainError(ErrorCode.RouteNotFound, `no file ${file} in the manager`);
    return this.send(res, file, 'no-cache');
  }

  private send(res: Res, file: string, cache: string): Promise<void> {
    if (!this.dir)
      throw new DomainError(ErrorCode.Unavailable, 'the manager page is not built: run npm run build');
    return new Promise((resolve, reject) =>
      res.sendFile(
        join(this.dir!, file),
        { headers: { ...SECURITY_HEADERS, 'cache-control': cache } },
        (err) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve()),
      ),
    );
  }
}
