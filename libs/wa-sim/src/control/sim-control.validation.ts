import { ValidationPipe } from '@nestjs/common';

/** The control API validates its own bodies, whatever app it is mounted in. */
export const simControlValidation = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
});
