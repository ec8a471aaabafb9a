import preset from '../../jest.preset.js';

export default { ...preset, displayName: 'manager', rootDir: '.' };
