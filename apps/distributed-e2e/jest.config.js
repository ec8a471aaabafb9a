import preset from '../../jest.preset.js';

export default { ...preset, displayName: 'distributed-e2e', rootDir: '.' };
