import { MEGA_DIALECT } from '@zapgate/dialect-mega';
import { WPP_DIALECT } from '@zapgate/dialect-wppconnect';
import { MAX_BODY_DEPTH, nestsDeeperThan, parseJsonObject, isMediaBodyRoute } from './request-body.js';

describe(parseJsonObject.name, () => {
  it('parses a JSON object', () => {
    expect(parseJsonObject('{"messageData": {"to": "1", "text": "é"}}')).toEqual({
      messageData: { to: '1', text: 'é' },
    });
  });

  it('reads an empty body as {}', () => {
    expect(parseJsonObject('  \n')).toEqual({});
  });

  it.each([
    ['"text"', 'not a string'],
    ['42', 'not a number'],
    ['true', 'not a boolean'],
    ['null', 'not null'],
    ['[{}]', 'not an array'],
  ])('refuses %s: %s', (text, message) => {
    expect(() => parseJsonObject(text)).toThrow(
      expect.objectContaining({ code: 'validation_failed', message: expect.stringContaining(message) }),
    );
  });

  it('refuses invalid JSON with its position, without quoting the body', () => {
    const secret = 'do-not-echo-me';
    let error: unknown;
    try {
      parseJsonObject(`{"text": "${secret}", x}`);
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({
      code: 'validation_failed',
      message: expect.stringContaining('not valid JSON'),
    });
    expect((error as Error).message).not.toContain(secret);
  });

  it(`refuses nesting deeper than ${MAX_BODY_DEPTH} levels, and takes ${MAX_BODY_DEPTH}`, () => {
    const nested = (depth: number) => `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;
    expect(() => parseJsonObject(nested(MAX_BODY_DEPTH))).not.toThrow();
    expect(() => parseJsonObject(nested(MAX_BODY_DEPTH + 1))).toThrow(
      expect.objectContaining({ code: 'validation_failed', message: expect.stringContaining('nests') }),
    );
  });

  it('fills a missing value with false on mega routes only', () => {
    expect(parseJsonObject('{"webhookEnabled": }', MEGA_DIALECT.repairJson)).toEqual({
      webhookEnabled: false,
    });
    expect(() => parseJsonObject('{"webhookEnabled": }', WPP_DIALECT.repairJson)).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
    expect(() => parseJsonObject('{"webhookEnabled": }')).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
  });

  it('still refuses on mega what the leniency does not cover', () => {
    expect(() => parseJsonObject('{"a": x}', MEGA_DIALECT.repairJson)).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
  });
});

describe(nestsDeeperThan.name, () => {
  it('counts objects and arrays, not brackets inside strings', () => {
    expect(nestsDeeperThan('{"a": [[1]]}', 3)).toBe(false);
    expect(nestsDeeperThan('{"a": [[[1]]]}', 3)).toBe(true);
    expect(nestsDeeperThan(`{"a": "${'['.repeat(100)}"}`, 3)).toBe(false);
    expect(nestsDeeperThan(`{"a": "\\"${'['.repeat(100)}"}`, 3)).toBe(false);
  });
});

describe(isMediaBodyRoute.name, () => {
  it.each([
    '/rest/sendMessage/shop/mediaBase64',
    '/rest/sendmessage/shop/MEDIABASE64/?x=1',
    '/api/shop/send-file-base64',
    '/api/shop/send-voice-base64',
    '/api/shop/send-image',
    '/api/shop/send-sticker-gif',
  ])('gives %s the media body limit', (path) => {
    expect(isMediaBodyRoute(path)).toBe(true);
  });

  it.each([
    '/rest/sendMessage/shop/text',
    '/rest/sendMessage/shop/mediaUrl',
    '/rest/sendMessage/shop/mediaBase64/extra',
    '/api/shop/send-message',
    '/api/shop/send-file-base64/x',
    '/other/shop/send-image',
  ])('leaves %s under the general limit', (path) => {
    expect(isMediaBodyRoute(path)).toBe(false);
  });
});
