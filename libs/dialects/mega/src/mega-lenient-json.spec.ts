import { fillMissingMegaValues } from './mega-lenient-json.js';

describe(fillMissingMegaValues.name, () => {
  it.each([
    ['{"messageData": {"webhookEnabled": }}', '{"messageData": {"webhookEnabled": false }}'],
    ['{"a": , "b": 1}', '{"a": false , "b": 1}'],
    ['{"a":\n}', '{"a": false\n}'],
    ['{"a": ,"b": }', '{"a": false ,"b": false }'],
  ])('fills the missing value in %j', (text, filled) => {
    expect(fillMissingMegaValues(text)).toBe(filled);
    expect(() => JSON.parse(filled)).not.toThrow();
  });

  it.each([
    '{"a": true}',
    '{"text": "a: , b: }"}', // inside a string: text, not a hole
    '{"text": "quote \\": }"}',
    '[1,,2]', // holes in arrays are not this leniency
    '{"a": "x" "b": 1}',
  ])('leaves %j alone', (text) => {
    expect(fillMissingMegaValues(text)).toBeUndefined();
  });
});
