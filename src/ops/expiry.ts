/** `--expires` values of the command-line tools: a duration from now (90d, 12h, 30m, 2w) or an ISO 8601 time. */
const units: Record<string, number> = { m: 60, h: 3600, d: 86_400, w: 604_800 };

/** The expiry as an ISO 8601 UTC time; throws a message fit for the user when the value is wrong. */
export function parseExpiry(text: string, now = Date.now()): string {
  const m = /^(\d+)([mhdw])$/.exec(text);
  if (m) return new Date(now + Number(m[1]) * units[m[2]!]! * 1000).toISOString();
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) throw new Error('use a duration such as 90d, 12h, 30m, 2w, or an ISO 8601 time');
  if (at.getTime() <= now) throw new Error('must be in the future');
  return at.toISOString();
}
