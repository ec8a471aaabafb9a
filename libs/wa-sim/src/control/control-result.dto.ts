import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class OkDto {
  @ApiProperty({ example: true })
  ok!: true;
}

export class FaultResultDto {
  @ApiProperty({ example: 1, description: 'Sockets hit at once (0 for timed faults)' })
  affected!: number;

  @ApiPropertyOptional({ example: 1767268810000, description: 'Timed faults: in force until (ms epoch)' })
  until?: number;
}

export class TrustDto {
  @ApiProperty({
    example: '+uh4Q/ZKmry4wXYmwNUEwF2pdaJJ+CbqC254/TRAHAs=',
    description: "Base64 of the 32-byte root key of the simulator's certificate chain",
  })
  rootPublicKey!: string;

  @ApiProperty({ example: 'ws://127.0.0.1:40123/ws/chat', description: "Baileys' waWebSocketUrl" })
  waWebSocketUrl!: string;
}

export class SimStatsDto {
  @ApiProperty({ example: 4, description: 'Device sockets logged in and open now' })
  liveSockets!: number;

  @ApiProperty({ example: 9, description: 'Logins since the simulator started' })
  logins!: number;

  @ApiProperty({
    example: 0,
    description:
      'Logins of a device while an earlier socket of the same device was still live (WhatsApp would close both); a correct gateway keeps this at 0',
  })
  concurrentLogins!: number;
}
