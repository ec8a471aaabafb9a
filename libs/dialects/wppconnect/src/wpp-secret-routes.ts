/** WPPConnect-server's 400 body for a wrong SECRET_KEY in the path, per route (each its own). */
export const WPP_WRONG_SECRET = {
  'generate-token': { response: false, message: 'The SECRET_KEY is incorrect' },
  'show-all-sessions': { response: false, message: 'The token is incorrect' },
  'start-all': { response: 'error', message: 'The token is incorrect' },
  'clear-session-data': { response: 'error', message: 'The token is incorrect' },
  'backup-sessions': { response: false, message: 'The token is incorrect' },
  'restore-sessions': { response: false, message: 'The token is incorrect' },
} as const satisfies Record<string, { response: boolean | string; message: string }>;

type SecretAction = keyof typeof WPP_WRONG_SECRET;

/** Actions under `/api/:secretkey/<action>`; the others are `/api/:session/:secretkey/<action>`. */
const SECRET_FIRST = new Set<SecretAction>([
  'show-all-sessions',
  'start-all',
  'backup-sessions',
  'restore-sessions',
]);

/**
 * The secret a WPPConnect path carries when its route takes SECRET_KEY instead of a session token
 * (`segments` are the path's segments after `/api`), with the body a wrong one answers; undefined
 * for session routes.
 */
export function wppSecretRoute(
  segments: readonly string[],
): { secret: string; wrongSecret: (typeof WPP_WRONG_SECRET)[SecretAction] } | undefined {
  const action = segments.at(-1) as SecretAction | undefined;
  if (!action || !Object.hasOwn(WPP_WRONG_SECRET, action)) return undefined;
  const [first = '', second = ''] = segments;
  if (SECRET_FIRST.has(action) ? segments.length !== 2 : segments.length !== 3) return undefined;
  return {
    secret: SECRET_FIRST.has(action) ? first : second,
    wrongSecret: WPP_WRONG_SECRET[action],
  };
}
