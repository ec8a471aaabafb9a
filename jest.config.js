import { existsSync, readdirSync } from 'node:fs';

// Every project under apps/, libs/ and tools/ (one level, or two for grouped libs) with a jest.config.js.
const projects = ['apps', 'libs', 'tools'].flatMap((top) =>
  existsSync(top)
    ? readdirSync(top, { recursive: true })
        .map(String)
        .filter(
          (p) => p.endsWith('jest.config.js') && !p.includes('node_modules') && p.split('/').length <= 3,
        )
        .map((p) => `<rootDir>/${top}/${p}`)
    : [],
);

export default {
  projects,
  // Global in jest (ignored per project): end-to-end tests against the simulator take seconds, and
  // their set-up (processes, pairing) takes tens of seconds when CI shares the 2 cores with them.
  testTimeout: 60_000,
  // Workers grow with every ESM suite they load (jest keeps each module registry's graph alive);
  // one past this after a suite is replaced, so later suites' full collections stay short.
  workerIdleMemoryLimit: '1GB',
  // Baileys 7.0.0-rc14 never clears the 30 s timeout it races against each prekey upload
  // (lib/Socket/socket.js, uploadPreKeys), so a worker would idle 30 s after its last login.
  forceExit: true,
};
