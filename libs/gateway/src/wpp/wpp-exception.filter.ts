import { Catch } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { WPP_DIALECT } from '@zapgate/dialect-wppconnect';
import { DialectExceptionFilter } from '../core/dialect-exception.filter.js';

/** WPPConnect's exact bodies where clients know them; `{ status: "error", message, code }` otherwise. */
@Catch()
export class WppExceptionFilter extends DialectExceptionFilter {
  constructor(adapterHost: HttpAdapterHost) {
    super(adapterHost, WPP_DIALECT);
  }
}
