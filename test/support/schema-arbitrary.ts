/**
 * fast-check arbitraries derived from the contract's schemas (the subset of
 * OpenAPI 3.0 that openapi.yaml uses), so that fuzzed requests follow the
 * contract rather than a second description of it.
 */
import fc from 'fast-check';
import type { OpenApiDocument } from '../../src/contract/contract.js';

type Schema = Record<string, any>;

export function resolveRef(doc: OpenApiDocument, node: Schema): Schema {
  let n = node;
  while (n && typeof n.$ref === 'string') {
    n = n.$ref.slice(2).split('/').reduce((o: any, k: string) => o?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
  }
  return n;
}

/** Values valid against `schema`; arrays are kept short so a run stays fast. */
export function arbitraryFor(doc: OpenApiDocument, raw: Schema, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolveRef(doc, raw);
  let arb: fc.Arbitrary<unknown>;
  if (schema.oneOf || schema.anyOf) arb = fc.oneof(...(schema.oneOf ?? schema.anyOf).map((s: Schema) => arbitraryFor(doc, s, depth + 1)));
  else if (schema.enum) arb = fc.constantFrom(...schema.enum);
  else if (schema.type === 'string') {
    if (schema.format === 'date-time') {
      arb = fc.date({ min: new Date(Date.now() + 86_400_000), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
    } else if (schema.pattern) {
      const min = schema.minLength ?? 0, max = schema.maxLength ?? 200;
      arb = fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= min && s.length <= max);
    } else {
      arb = fc.string({ unit: 'grapheme', minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 40) })
        .filter((s) => s.length >= (schema.minLength ?? 0) && s.length <= (schema.maxLength ?? Infinity));
    }
  } else if (schema.type === 'integer') arb = fc.integer({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6 });
  else if (schema.type === 'number') arb = fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
  else if (schema.type === 'boolean') arb = fc.boolean();
  else if (schema.type === 'array') {
    arb = fc.array(arbitraryFor(doc, schema.items, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 5, 8) });
  } else {
    const props = Object.fromEntries(Object.entries<Schema>(schema.properties ?? {}).map(([k, s]) => [k, arbitraryFor(doc, s, depth + 1)]));
    arb = fc.record(props, { requiredKeys: schema.required ?? [] });
  }
  return schema.nullable ? fc.option(arb, { nil: null }) : arb;
}
