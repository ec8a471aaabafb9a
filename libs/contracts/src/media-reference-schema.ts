/** JSON Schema of a `MediaReference` (a file in the media store), shared by every command that carries one. */
export const MEDIA_REFERENCE_SCHEMA = {
  type: 'object',
  required: ['id', 'size', 'mime', 'sha256'],
  additionalProperties: false,
  properties: {
    id: {
      type: 'string',
      pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
      description: "the media store's key",
    },
    size: { type: 'integer', minimum: 1, description: 'bytes' },
    mime: { type: 'string', pattern: '^[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+(;.*)?$' },
    sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    fileName: { type: 'string', minLength: 1, maxLength: 255 },
  },
} as const;
