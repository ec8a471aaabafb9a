import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601 } from 'class-validator';

/** A time range of events whose webhook deliveries are sent again (both dialects' replay body). */
export class ReplayRangeDto {
  @ApiProperty({ example: '2026-11-23T00:00:00Z', description: 'From this event time (inclusive)' })
  @IsISO8601({}, { message: 'from must be an ISO date-time' })
  from!: string;

  @ApiProperty({ example: '2026-11-23T23:59:59Z', description: 'To this event time (inclusive)' })
  @IsISO8601({}, { message: 'to must be an ISO date-time' })
  to!: string;
}
