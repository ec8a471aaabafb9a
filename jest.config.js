import { existsSync, readdirSync } from 'node:fs';

// Every project under apps/ and libs/ (one level, or two for grouped libs) with a jest.config.js.
const projects = ['apps', 'libs'].flatMap((top) =>
  existsSync(top)
    ? readdirSync(top, { recursive: true })
        .map(String)
        .filter((p) => p.endsWith('jest.config.js') && !p.includes('node_modules') && p.split('/').length <= 3)
        .map((p) => `<rootDir>/${top}/${p}`)
    : [],
);

// testTimeout is global in jest (ignored per project): end-to-end tests against the simulator take seconds.
export default { projects, testTimeout: 30_000 };
