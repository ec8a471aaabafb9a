import { resolve } from 'node:path';
import { createProjectGraphAsync } from '@nx/devkit';
import { ESLint } from 'eslint';

// Lints an import of `@zapgate/wa-sim` (tags scope:sim, type:feature) from files inside fixture
// projects with other tags, through the repository's real ESLint config: proves the
// `@nx/enforce-module-boundaries` constraints are enforced, not just declared.
const root = resolve(import.meta.dirname, '../..');
const RULE = '@nx/enforce-module-boundaries';

async function boundaryErrors(fixture: string, file = 'src/index.ts'): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(
    "import { WaSimulator } from '@zapgate/wa-sim';\nexport const sim = WaSimulator;\n",
    {
      filePath: resolve(import.meta.dirname, 'fixtures', fixture, file),
    },
  );
  return result!.messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
}

describe('module boundaries', () => {
  beforeAll(async () => {
    // the rule reads the cached project graph; make sure there is a current one
    await createProjectGraphAsync({ exitOnError: true });
  }, 60_000);

  it('fails lint when a service imports another scope', async () => {
    const errors = await boundaryErrors('gateway-feature');
    expect(errors).toEqual([expect.stringContaining('scope:gateway')]);
  });

  it('fails lint when a contract imports anything of ours', async () => {
    const errors = await boundaryErrors('sim-contract');
    expect(errors).toEqual([expect.stringContaining('type:contract')]);
  });

  it('allows an app to use a feature lib of its own scope', async () => {
    expect(await boundaryErrors('sim-app')).toEqual([]);
  });

  it("lets a service's tests, and only its tests, drive the simulator", async () => {
    expect(await boundaryErrors('gateway-feature', 'src/gateway.spec.ts')).toEqual([]);
    expect(await boundaryErrors('gateway-feature', 'test/send.e2e.ts')).toEqual([]);
    expect(await boundaryErrors('gateway-feature', 'src/gateway.service.ts')).toEqual([
      expect.stringContaining('scope:gateway'),
    ]);
  });
});
