import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { DomainError, ErrorCode } from '@zapgate/contracts';

/**
 * A named query parameter is one value: `?instance_key=a&instance_key=b` arrives as an array,
 * which a handler reading a string would fail on with a 500. Unnamed (`@Query()`) and unknown
 * parameters are left alone (mega clients send stray ones).
 */
@Injectable()
export class SingleQueryValuePipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'query' && metadata.data && Array.isArray(value))
      throw new DomainError(
        ErrorCode.ValidationFailed,
        `the query parameter ${metadata.data} must be given once, not ${value.length} times`,
      );
    return value;
  }
}
