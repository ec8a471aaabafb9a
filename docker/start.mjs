// The image's entrypoint: runs the app this image was built for (docker/APP, or ZG_APP).
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const here = new URL('.', import.meta.url);
const apps = JSON.parse(readFileSync(new URL('apps.json', here), 'utf8'));
const app = process.env.ZG_APP || readFileSync(new URL('APP', here), 'utf8').trim();
if (!apps[app]) {
  console.error(`unknown app ${app}; one of: ${Object.keys(apps).join(', ')}`);
  process.exit(2);
}
await import(pathToFileURL(new URL(`../${apps[app].entry}`, here).pathname).href);
