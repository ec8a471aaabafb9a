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

  @ApiProperty({
    example:
      'eyJub2lzZVJvb3QiOiIrdWg0US9aS21yeTR3WFltd05VRXdGMnBkYUpKK0NicUMyNTQvVFJBSEFzPSIsIm1lZGlhQ2EiOiItLS0tLUJFR0lOIENFUlRJRklDQVRFLS0tLS1cbi4uLiJ9',
    description:
      'The value for WA_SIM_TRUST_ROOT: base64 of {"noiseRoot", "mediaCa"}, so a process trusts the Noise root and the media host (decodeSimulatorTrust / trustSimulator)',
  })
  trustRoot!: string;

  @ApiProperty({
    example: '-----BEGIN CERTIFICATE-----\nMIID...\n-----END CERTIFICATE-----\n',
    description:
      "PEM of the CA that issued the media host's certificate: give it as `ca` to the https.Agent (fetchAgent, uploads) and the undici Agent (dispatcher, downloads) of the client, never to the whole process",
  })
  mediaCa!: string;

  @ApiProperty({ example: '127.0.0.1:40125', description: 'host:port of the HTTPS media host (media_conn)' })
  mediaHost!: string;
}

export class SimMediaStatsDto {
  @ApiProperty({ example: 3, description: 'Uploads the media host stored' })
  uploads!: number;

  @ApiProperty({
    example: 0,
    description: 'Uploads refused: wrong auth, body not matching its SHA-256 token, too large',
  })
  uploadsRefused!: number;

  @ApiProperty({ example: 5, description: 'Downloads served (whole files and ranges)' })
  downloads!: number;

  @ApiProperty({ example: 1, description: 'Retry receipts routed to a sender device' })
  retryReceipts!: number;
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

  @ApiProperty({ type: SimMediaStatsDto })
  media!: SimMediaStatsDto;
}
