import preset from '../../jest.preset.js';

export default { ...preset, displayName: 'session-shard-app', rootDir: '.' };
