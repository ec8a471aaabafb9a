import { createProjectGraphAsync } from '@nx/devkit';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

// @nx/enforce-module-boundaries only reads the project graph cached in .nx/: with none (a fresh
// clone) it skips itself with a warning and lint passes; with a stale one it misses new projects,
// tags and path aliases. `nx run-many -t lint` computes the graph before running each task (and
// sets NX_TASK_TARGET_PROJECT); a bare `eslint`, jest or an editor does not, so refresh it here.
if (!process.env.NX_TASK_TARGET_PROJECT) await createProjectGraphAsync({ exitOnError: false });

// Which project may depend on which, on two axes (see ../shared/design/conventions.md, point 2).
const serviceScopes = ['gateway', 'session', 'groups', 'webhooks', 'sim'];
// `testScopes`: what tests may use on top (the simulator drives every end-to-end test).
const scopeConstraints = (testScopes = []) => [
  ...serviceScopes.map((scope) => ({
    sourceTag: `scope:${scope}`,
    onlyDependOnLibsWithTags: [`scope:${scope}`, 'scope:shared', ...testScopes],
  })),
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared', ...testScopes] },
  // the all-in-one process wires every service together
  { sourceTag: 'scope:standalone', onlyDependOnLibsWithTags: ['*'] },
];
// `testOnly` adds what tests may use on top: the shared test harnesses (type:testing).
const typeConstraints = (testOnly = []) => [
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:contract', 'type:util', ...testOnly],
  },
  {
    sourceTag: 'type:feature',
    onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:contract', 'type:util', ...testOnly],
  },
  {
    sourceTag: 'type:data-access',
    onlyDependOnLibsWithTags: ['type:data-access', 'type:contract', 'type:util', ...testOnly],
  },
  // contracts import nothing of ours
  { sourceTag: 'type:contract', onlyDependOnLibsWithTags: [...testOnly] },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util', 'type:contract', ...testOnly] },
  { sourceTag: 'type:testing', notDependOnLibsWithTags: ['type:app'] },
];
const boundaries = (testOnly, testScopes) => [
  'error',
  {
    enforceBuildableLibDependency: false,
    allow: [],
    banTransitiveDependencies: true,
    depConstraints: [...scopeConstraints(testScopes), ...typeConstraints(testOnly)],
  },
];

export default [
  { ignores: ['**/dist', '**/node_modules', '**/coverage', '**/.nx', '**/tmp', '**/data'] },
  ...nx.configs['flat/base'],
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    // Nest reads constructor and @Body() types from decorator metadata: type-only imports there
    // would break DI and validation, and these options make the type-import rule know that.
    languageOptions: { parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true } },
    rules: {
      '@nx/enforce-module-boundaries': boundaries([]),
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.contract.ts', '**/test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(['type:testing', 'type:feature'], ['scope:sim']) },
  },
  prettier,
];
