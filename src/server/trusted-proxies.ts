/**
 * Express's `trust proxy` setting (https://expressjs.com/en/guide/behind-proxies.html)
 * as a function, with the same meaning for each form: `true`, a hop count, or a
 * comma-separated list of addresses, subnets and the names proxy-addr knows
 * (`loopback`, `uniquelocal`, …).
 *
 * Express asks it on every `req.ip` and `req.secure`, and for a list each answer
 * parses the address with ipaddr.js; a server has few distinct peers, so the
 * answers are remembered (a bounded map, emptied when full).
 */
import proxyaddr from 'proxy-addr';

const maxRemembered = 1024;

export function trustedProxies(setting: boolean | number | string): (address: string, hop: number) => boolean {
  if (setting === true) return () => true;
  if (setting === false) return () => false;
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  const trust = proxyaddr.compile(setting.split(',').map((s) => s.trim()).filter(Boolean));
  const remembered = new Map<string, boolean>();
  return (address, hop) => {
    let trusted = remembered.get(address);
    if (trusted === undefined) {
      if (remembered.size >= maxRemembered) remembered.clear();
      remembered.set(address, (trusted = trust(address, hop)));
    }
    return trusted;
  };
}
