import { Catch } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { MEGA_DIALECT } from '@zapgate/dialect-mega';
import { DialectExceptionFilter } from '../core/dialect-exception.filter.js';

/** mega-API errors: `{ "error": true, "message": "..." }` with the mapped HTTP status. */
@Catch()
export class MegaExceptionFilter extends DialectExceptionFilter {
  constructor(adapterHost: HttpAdapterHost) {
    super(adapterHost, MEGA_DIALECT);
  }
}
