import preset from '../../jest.preset.js';

export default { ...preset, displayName: 'wa-sim-app', rootDir: '.' };
