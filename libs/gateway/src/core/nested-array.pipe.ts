import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { DomainError, ErrorCode } from '@zapgate/contracts';
import { getMetadataStorage, ValidationTypes } from 'class-validator';

/** The properties of a DTO class validated as nested objects (`@ValidateNested`). */
function nestedProperties(target: object): string[] {
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(target.constructor, '', true, false);
  return [
    ...new Set(
      metadatas.filter((m) => m.type === ValidationTypes.NESTED_VALIDATION).map((m) => m.propertyName),
    ),
  ];
}

/** The first place under `value` (a validated DTO) where a nested array holds an array, by its path. */
function arrayInNestedArray(value: unknown, path: string, depth = 0): string | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value) || depth > 32) return undefined;
  for (const property of nestedProperties(value)) {
    const field = (value as Record<string, unknown>)[property];
    const at = path ? `${path}.${property}` : property;
    const items = Array.isArray(field) ? field : [field];
    for (const [i, item] of items.entries()) {
      const itemAt = Array.isArray(field) ? `${at}[${i}]` : at;
      if (Array.isArray(field) && Array.isArray(item)) return itemAt;
      const inner = arrayInNestedArray(item, itemAt, depth + 1);
      if (inner) return inner;
    }
  }
  return undefined;
}

/**
 * class-validator's `@ValidateNested()` validates an array inside an array element by element,
 * so `sections: [[]]` passes a DTO that expects `sections: Section[]`, and the handler then reads
 * an array as a section (a 500). After the ValidationPipe, this pipe refuses such a body with a
 * 400 naming the field, in every DTO of both dialects.
 */
@Injectable()
export class NestedArrayPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body') return value;
    const at = arrayInNestedArray(value, '');
    if (at) throw new DomainError(ErrorCode.ValidationFailed, `${at} must be an object, not an array`);
    return value;
  }
}
