import 'reflect-metadata';
import { IsInt, IsString, MetadataStorage, validateSync, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { cacheValidationMetadata } from './validation-metadata-cache.js';

class Inner {
  @IsString()
  text!: string;
}

class Outer {
  @IsString()
  to!: string;

  @ValidateNested()
  @Type(() => Inner)
  inner!: Inner;
}

const outer = (to: unknown, text: unknown) =>
  Object.assign(new Outer(), { to, inner: Object.assign(new Inner(), { text }) });
const failures = (o: object) =>
  validateSync(o, { whitelist: true })
    .flatMap((e) => [e.property, ...(e.children ?? []).map((c) => `${e.property}.${c.property}`)])
    .sort();

describe(cacheValidationMetadata.name, () => {
  beforeAll(() => cacheValidationMetadata());

  it('validates as before, nested objects included, every time', () => {
    for (let i = 0; i < 3; i++) {
      expect(failures(outer('5511', 'hi'))).toEqual([]);
      expect(failures(outer(5511, 'hi'))).toEqual(['to']);
      expect(failures(outer('5511', 7))).toEqual(['inner', 'inner.text']);
    }
  });

  it('still strips what no rule names (whitelist)', () => {
    const o = Object.assign(outer('5511', 'hi'), { extra: true });
    expect(failures(o)).toEqual([]);
    expect(o).not.toHaveProperty('extra');
  });

  it('sees rules added after a lookup was cached (a class decorated later, inherited rules)', () => {
    expect(failures(outer('5511', 'hi'))).toEqual([]);
    class Later extends Outer {
      @IsInt()
      count!: number;
    }
    const later = Object.assign(new Later(), outer('5511', 'hi'), { count: 'x' });
    expect(failures(later)).toEqual(['count']);
    Object.assign(later, { to: 1, count: 2 });
    expect(failures(later)).toEqual(['to']);

    class Grown {
      @IsString()
      a!: string;
    }
    expect(failures(Object.assign(new Grown(), { a: 'x', n: 'x' }))).toEqual([]); // cached, n stripped
    IsInt()(Grown.prototype, 'n');
    expect(failures(Object.assign(new Grown(), { a: 'x', n: 'x' }))).toEqual(['n']);
  });

  it('answers the cached lookup for the same class and options, and a fresh one for other groups', () => {
    const storage = new MetadataStorage();
    cacheValidationMetadata(storage);
    cacheValidationMetadata(storage); // once per storage
    const first = storage.getTargetValidationMetadatas(Outer, '', false, false);
    expect(storage.getTargetValidationMetadatas(Outer, '', false, false)).toBe(first);
    expect(storage.getTargetValidationMetadatas(Outer, '', false, false, ['a'])).not.toBe(first);
    expect(storage.groupByPropertyName(first)).toBe(storage.groupByPropertyName(first));
  });
});
