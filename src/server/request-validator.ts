/**
 * Request (and, in tests, response) validation against openapi.yaml with
 * express-openapi-validator: no schema is restated in code. Query parameters are
 * coerced and the contract's defaults applied (`limit: 3`, `threshold: 0.5`).
 */
import * as OpenApiValidator from 'express-openapi-validator';
import type { RequestHandler } from 'express';
import { withoutExamples, type OpenApiDocument } from '../contract/contract.js';

export function requestValidator(contract: OpenApiDocument, validateResponses: boolean): RequestHandler[] {
  return OpenApiValidator.middleware({
    apiSpec: withoutExamples(contract) as never,
    validateRequests: { allowUnknownQueryParameters: false, coerceTypes: true, allErrors: true },
    validateResponses: validateResponses ? { removeAdditional: false } : false,
    validateSecurity: false,
    validateFormats: true,
    fileUploader: false,
    ignoreUndocumented: true,
  }) as RequestHandler[];
}
