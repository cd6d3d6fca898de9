/** The `omsim` CLI's exit codes (documented in its --help and the README). */
export const exitCodes = {
  ok: 0,
  /** The server refused the request as invalid (400, 404, 413, 415). */
  refused: 1,
  /** Wrong command-line usage, or an input file that cannot be read. */
  usage: 2,
  /** No token, or the token was refused (401) or lacks the role (403). */
  auth: 3,
  /** The quota is used up (429) after the client's retries. */
  quota: 4,
  /** The server failed (5xx) or could not be reached. */
  server: 5,
} as const;

export function exitCodeForStatus(status: number): number {
  if (status === 401 || status === 403) return exitCodes.auth;
  if (status === 429) return exitCodes.quota;
  if (status >= 500) return exitCodes.server;
  return exitCodes.refused;
}
