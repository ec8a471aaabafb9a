import preset from '../../jest.preset.js';

export default { ...preset, displayName: 'webhook-dispatch-app', rootDir: '.' };
