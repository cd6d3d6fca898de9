/** Every example in the contract validates against the schema beside it. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ContractValidator } from '../support/contract-validator.js';

const v = new ContractValidator();

/** Every media type with examples, as [label, schema pointer, example name, value]. */
function collect(): [string, string, string, unknown][] {
  const found: [string, string, string, unknown][] = [];
  const walk = (node: any, pointer: string) => {
    if (!node || typeof node !== 'object') return;
    if (node.content && typeof node.content === 'object') {
      for (const [media, body] of Object.entries<any>(node.content)) {
        const mp = `${pointer}/content/${media.replace(/\//g, '~1')}`;
        for (const [name, ex] of Object.entries<any>(body.examples ?? {})) {
          const value = ex.$ref ? v.resolve(ex.$ref.slice(1)).node.value : ex.value;
          found.push([mp, `${mp}/schema`, name, value]);
        }
      }
    }
    for (const [k, child] of Object.entries(node)) {
      if (k !== 'content' && k !== 'examples') walk(child, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
  };
  walk(v.doc.paths, '/paths');
  walk(v.doc.components.responses, '/components/responses');
  return found;
}

describe('contract examples', () => {
  const examples = collect();
  it('there are examples for every operation', () => {
    assert.ok(examples.length >= 20, `only ${examples.length} examples`);
  });
  for (const [where, schema, name, value] of examples) {
    it(`${where} example ${name} is valid`, () => {
      assert.deepEqual(v.validateAt(schema, value), []);
    });
  }
  it('the validator rejects an invalid example (it can fail)', () => {
    const errs = v.validateAt('/components/schemas/MatchResponse', { matches: [{ column: 'x', best: { score: 2 }, candidates: [] }] });
    assert.ok(errs.length > 0);
  });
});
