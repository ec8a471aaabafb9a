// Bundles the manager page (libs/manager/ui) into dist/libs/manager/public: one minified script
// (Preact, htm, socket.io-client and the page) and its HTML and CSS. Run by `npm run build`.
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const out = join(root, 'dist', 'libs', 'manager', 'public');
await mkdir(out, { recursive: true });
await build({
  entryPoints: [join(here, 'ui', 'main.ts')],
  outfile: join(out, 'manager.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022'],
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
await copyFile(join(here, 'ui', 'index.html'), join(out, 'index.html'));
await copyFile(join(here, 'ui', 'manager.css'), join(out, 'manager.css'));
