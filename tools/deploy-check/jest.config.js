import preset from '../../jest.preset.js';

export default { ...preset, displayName: 'deploy-check', rootDir: '.' };
