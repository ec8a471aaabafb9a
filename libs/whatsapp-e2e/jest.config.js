import preset from '../../jest.preset.js';

export default { ...preset, displayName: 'whatsapp-e2e', rootDir: '.' };
