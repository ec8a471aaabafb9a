import 'reflect-metadata';
import { ValidationPipe } from '@nestjs/common';
import { DomainError } from '@zapgate/contracts';
import { Type } from 'class-transformer';
import { IsArray, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { NestedArrayPipe } from './nested-array.pipe.js';

class Row {
  @IsOptional()
  @IsString()
  title?: string;
}

class Section {
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => Row)
  rows?: Row[];
}

class ListDto {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => Section)
  sections!: Section[];

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => Section)
  main?: Section;
}

/** The body as the app's pipes make it: ValidationPipe, then NestedArrayPipe. */
async function pipe(body: unknown): Promise<unknown> {
  const metadata = { type: 'body' as const, metatype: ListDto };
  const dto: unknown = await new ValidationPipe({ whitelist: true, transform: true }).transform(
    body,
    metadata,
  );
  return new NestedArrayPipe().transform(dto, metadata);
}

describe(NestedArrayPipe.name, () => {
  it('is needed: ValidationPipe alone lets an array inside a nested array through', async () => {
    const dto = (await new ValidationPipe({ whitelist: true, transform: true }).transform(
      { sections: [[]] },
      { type: 'body', metatype: ListDto },
    )) as ListDto;
    expect(Array.isArray(dto.sections[0])).toBe(true);
  });

  it.each([
    [{ sections: [[]] }, 'sections[0]'],
    [{ sections: [{ rows: [] }, [{ rows: [] }]] }, 'sections[1]'],
    [{ sections: [{ rows: [[{ title: 'x' }]] }] }, 'sections[0].rows[0]'],
    [{ sections: [], main: { rows: [[]] } }, 'main.rows[0]'],
  ])('refuses %j with a 400 naming %s', async (body, at) => {
    const err = await pipe(body).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).message).toBe(`${at} must be an object, not an array`);
  });

  it('passes well-formed bodies', async () => {
    const body = { sections: [{ rows: [{ title: 'a' }] }, {}], main: { rows: [] } };
    await expect(pipe(body)).resolves.toMatchObject(body);
  });

  it('leaves what is not a body alone', () => {
    expect(new NestedArrayPipe().transform([[1]], { type: 'query' })).toEqual([[1]]);
  });
});
