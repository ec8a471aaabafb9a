import { SingleQueryValuePipe } from './single-query-value.pipe.js';

describe(SingleQueryValuePipe.name, () => {
  const sut = new SingleQueryValuePipe();

  it('refuses a named query parameter given more than once', () => {
    expect(() => sut.transform(['a', 'b'], { type: 'query', data: 'instance_key' })).toThrow(
      expect.objectContaining({
        code: 'validation_failed',
        message: expect.stringContaining('instance_key'),
      }),
    );
  });

  it('passes single values, the whole query object, and other arguments', () => {
    expect(sut.transform('a', { type: 'query', data: 'instance_key' })).toBe('a');
    expect(sut.transform(undefined, { type: 'query', data: 'instance_key' })).toBeUndefined();
    const query = { stray: ['1', '2'] };
    expect(sut.transform(query, { type: 'query' })).toBe(query);
    expect(sut.transform(['a'], { type: 'body' })).toEqual(['a']);
  });
});
