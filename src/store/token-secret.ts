/**
 * Token secrets: 256 random bits with a recognisable prefix, so that secret
 * scanners can find a leaked one; stored and looked up only as a SHA-256 hash.
 */
import { hash, randomBytes } from 'node:crypto';

export const secretPrefix = 'omsim_';
const secretPattern = /^omsim_[A-Za-z0-9_-]{43}$/;

export function generateSecret(): string {
  return secretPrefix + randomBytes(32).toString('base64url');
}

export function isWellFormedSecret(value: string): boolean {
  return secretPattern.test(value);
}

export function hashSecret(secret: string): string {
  // crypto.hash (Node ≥ 20.12): one call, no Hash object per request.
  return hash('sha256', secret, 'hex');
}

export function generateTokenId(): string {
  return 'tok_' + randomBytes(8).toString('hex');
}
