// The address a request reached the platform at (scheme://host[:port]), for links made while
// answering it: certificate QR codes point where the user's own browser found the server, so a
// default install on a LAN does not print codes for "localhost" (issue 19 item 10). PUBLIC_URL,
// when set, wins everywhere; background jobs without a request fall back to it or to localhost.
import { AsyncLocalStorage } from 'node:async_hooks';

const store = new AsyncLocalStorage<string>();

/** A host as a browser sends it: a name or an address, an optional port; anything else is ignored. */
const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The origin of a request from its protocol and host (Fastify derives both from X-Forwarded-Proto
 * and X-Forwarded-Host only when TRUST_PROXY is set); null when the host is not a plain host.
 */
export function originOf(protocol: string, host: string | undefined): string | null {
  if (!host || host.length > 260 || !HOST.test(host)) return null;
  return `${protocol === 'https' ? 'https' : 'http'}://${host}`;
}

/** Runs the rest of a request with its origin known to `requestOrigin()`. */
export function withRequestOrigin(origin: string | null, next: () => void): void {
  if (origin) store.run(origin, next);
  else next();
}

export function requestOrigin(): string | undefined {
  return store.getStore();
}

export function isLocalhostUrl(url: string): boolean {
  try {
    const { hostname } = new URL(url);
    return hostname === 'localhost' || hostname.startsWith('127.') || hostname === '[::1]' || hostname === '::1';
  } catch {
    return false;
  }
}
