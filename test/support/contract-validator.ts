/**
 * Validates responses — status, content type, every declared header and the body —
 * against openapi.yaml with ajv, including the keywords Dredd does not check
 * (pattern, format, min/max, oneOf/allOf).
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { listOperations, loadContract, withoutExamples, type OpenApiDocument, type Operation } from '../../src/contract/contract.js';
import { atPointer } from '../../src/contract/dereference.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export interface ResponseLike {
  status: number;
  headers: Headers;
  body: unknown;
}

const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

export class ContractValidator {
  readonly doc: OpenApiDocument;
  readonly operations: Operation[];
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(doc: OpenApiDocument = loadContract()) {
    this.doc = doc;
    this.operations = listOperations(doc);
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema(withoutExamples(doc), 'contract');
  }

  operation(operationId: string): Operation {
    const op = this.operations.find((o) => o.operationId === operationId);
    if (!op) throw new Error(`no operation ${operationId}`);
    return op;
  }

  /** Follows a non-schema `$ref` (responses, headers); returns the node and its JSON pointer. */
  resolve(pointer: string): { node: Record<string, any>; pointer: string } {
    const node = atPointer(this.doc, pointer) as Record<string, any>;
    if (node && typeof node.$ref === 'string') return this.resolve(node.$ref.slice(1));
    return { node, pointer };
  }

  /** Validates a value against the schema at a pointer of the contract. */
  validateAt(pointer: string, value: unknown): string[] {
    let validate = this.compiled.get(pointer);
    if (!validate) this.compiled.set(pointer, (validate = this.ajv.compile({ $ref: `contract#${pointer}` })));
    return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}`);
  }

  /** Every way the response departs from the contract; empty when it conforms. */
  validateResponse(operationId: string, res: ResponseLike): string[] {
    const op = this.operation(operationId);
    const status = String(res.status);
    if (!op.statuses.includes(status)) return [`status ${status} is not documented for ${operationId}`];
    const { node: response, pointer } = this.resolve(`/paths/${escape(op.path)}/${op.method}/responses/${status}`);
    const problems: string[] = [];
    for (const name of Object.keys(response.headers ?? {})) {
      const header = this.resolve(`${pointer}/headers/${escape(name)}`);
      const raw = res.headers.get(name);
      if (raw === null) {
        problems.push(`header ${name} is missing`);
        continue;
      }
      const type = header.node.schema?.type;
      const value = type === 'integer' || type === 'number' ? (/^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw) : raw;
      for (const e of this.validateAt(`${header.pointer}/schema`, value)) problems.push(`header ${name}: ${e}`);
    }
    const content = response.content as Record<string, unknown> | undefined;
    if (!content) {
      if (res.body !== undefined && res.body !== null && res.body !== '') problems.push('a body was sent where none is documented');
      return problems;
    }
    const mediaType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
    if (!(mediaType in content)) return [...problems, `content type ${mediaType || '(none)'} is not documented`];
    for (const e of this.validateAt(`${pointer}/content/${escape(mediaType)}/schema`, res.body)) problems.push(`body ${e}`);
    return problems;
  }
}
