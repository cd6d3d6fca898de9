/**
 * Local `$ref`s of the contract (OAS 3.0 §4.7.23 Reference Object, JSON Pointer
 * per RFC 6901): followed, or inlined so that a schema stands on its own.
 */
import type { OpenApiDocument } from './contract.js';

/** Reads the node at a JSON pointer (`/components/schemas/Token`) of the document. */
export function atPointer(doc: OpenApiDocument, pointer: string): unknown {
  let node: unknown = doc;
  for (const part of pointer.split('/').slice(1)) {
    // RFC 6901 §4: ~1 is "/", ~0 is "~", decoded in that order.
    node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

function target(doc: OpenApiDocument, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`Only local references are supported: ${ref}`);
  const node = atPointer(doc, ref.slice(1));
  if (node === undefined) throw new Error(`Unresolved reference ${ref}`);
  return node;
}

/** Follows `$ref`s at the top of a node until it is not a reference. */
export function resolveRef(doc: OpenApiDocument, node: unknown): unknown {
  for (let hops = 0; node && typeof node === 'object' && typeof (node as { $ref?: unknown }).$ref === 'string'; hops++) {
    if (hops > 32) throw new Error('Reference cycle');
    node = target(doc, (node as { $ref: string }).$ref);
  }
  return node;
}

/** A copy of a node with every `$ref` inside it replaced by what it points to (no cycles allowed). */
export function dereference(doc: OpenApiDocument, node: unknown, seen: readonly string[] = []): unknown {
  if (Array.isArray(node)) return node.map((item) => dereference(doc, item, seen));
  if (!node || typeof node !== 'object') return node;
  const ref = (node as { $ref?: unknown }).$ref;
  if (typeof ref === 'string') {
    if (seen.includes(ref)) throw new Error(`Recursive reference ${ref} cannot be inlined`);
    return dereference(doc, target(doc, ref), [...seen, ref]);
  }
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, key === 'example' || key === 'examples' ? value : dereference(doc, value, seen)]));
}
