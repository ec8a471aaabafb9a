import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  registerDecorator,
  ValidateIf,
  type ValidationArguments,
} from 'class-validator';

export const FAULT_TYPES = ['disconnect', 'stream-error', 'delay', 'drop', 'refuse-login'] as const;
type FaultType = (typeof FAULT_TYPES)[number];
const needsNumber = (f: FaultDto) => f.type === 'disconnect' || f.type === 'stream-error';
const timed = (f: FaultDto) => f.type === 'delay' || f.type === 'drop' || f.type === 'refuse-login';

/** Refuses a field sent with a fault type it means nothing to (rather than ignoring it). */
function OnlyFor(...types: FaultType[]): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'onlyFor',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown, args?: ValidationArguments) =>
          value === undefined || types.includes((args?.object as FaultDto | undefined)?.type as FaultType),
        defaultMessage: () => `${String(propertyName)} applies only to ${types.join(', ')} faults`,
      },
    });
}

/**
 * One body for every fault; which fields are required depends on `type`:
 * disconnect (number, device?), stream-error (number, device?, code), delay (ms, durationMs,
 * number?), drop (durationMs, tags?, number?), refuse-login (durationMs, number?).
 */
export class FaultDto {
  @ApiProperty({ enum: FAULT_TYPES, example: 'stream-error' })
  @IsIn(FAULT_TYPES)
  type!: FaultType;

  @ApiPropertyOptional({
    example: '5511999990001',
    description: 'Account the fault hits; required for disconnect and stream-error',
  })
  @ValidateIf((f: FaultDto) => needsNumber(f) || f.number !== undefined)
  @IsString()
  @Matches(/^\d{6,15}$/, { message: 'number must be 6 to 15 digits' })
  number?: string;

  @ApiPropertyOptional({
    example: 1,
    description:
      'Only this device of the account (0 is the phone); omitted: every linked device but the phone',
  })
  @IsOptional()
  @OnlyFor('disconnect', 'stream-error')
  @IsInt()
  @Min(0)
  @Max(99)
  device?: number;

  @ApiPropertyOptional({
    example: 401,
    description: 'stream-error: 401 logged out, 440 replaced, 515 restart, or another code',
  })
  @ValidateIf((f: FaultDto) => f.type === 'stream-error' || f.code !== undefined)
  @OnlyFor('stream-error')
  @IsInt()
  @Min(400)
  @Max(599)
  code?: number;

  @ApiPropertyOptional({ example: 500, description: 'delay: milliseconds added to every frame' })
  @ValidateIf((f: FaultDto) => f.type === 'delay' || f.ms !== undefined)
  @OnlyFor('delay')
  @IsInt()
  @Min(1)
  @Max(60_000)
  ms?: number;

  @ApiPropertyOptional({
    example: 10_000,
    description: 'delay, drop, refuse-login: how long the fault lasts',
  })
  @ValidateIf((f: FaultDto) => timed(f) || f.durationMs !== undefined)
  @OnlyFor('delay', 'drop', 'refuse-login')
  @IsInt()
  @Min(1)
  @Max(600_000)
  durationMs?: number;

  @ApiPropertyOptional({
    type: [String],
    example: ['message'],
    description: 'drop: only stanzas with these tags',
  })
  @IsOptional()
  @OnlyFor('drop')
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  tags?: string[];
}
