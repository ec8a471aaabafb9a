import { dialectOfPath, DIALECTS } from './dialects.js';

describe(dialectOfPath.name, () => {
  it.each([
    ['/rest/sendMessage/shop/text', 'mega'],
    ['/REST/instance/list?x=1', 'mega'],
    ['/api/store/send-message', 'wppconnect'],
    ['/Api/store:token/status-session', 'wppconnect'],
  ])('finds the dialect of %s: %s', (path, name) => {
    expect(dialectOfPath(path)).toBe(DIALECTS[name as keyof typeof DIALECTS]);
  });

  it.each(['/', '/health', '/docs', '/apis/x', '/restx', ''])('finds none for %j', (path) => {
    expect(dialectOfPath(path)).toBeUndefined();
  });

  it('keys each dialect by the name instances record', () => {
    for (const [name, dialect] of Object.entries(DIALECTS)) expect(dialect.name).toBe(name);
  });
});
