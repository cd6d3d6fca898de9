/**
 * Response validation, for tests and staging (OMSIM_VALIDATE_RESPONSES): every
 * response the handlers send is checked against openapi.yaml by
 * express-openapi-validator, and one that departs from it becomes a 500 that the
 * test sees. Off in production, where it would only cost time.
 */
import * as OpenApiValidator from 'express-openapi-validator';
import type { RequestHandler } from 'express';
import { withoutExamples, type OpenApiDocument } from '../contract/contract.js';

export function responseValidator(contract: OpenApiDocument): RequestHandler[] {
  return OpenApiValidator.middleware({
    apiSpec: withoutExamples(contract) as never,
    validateRequests: false,
    validateResponses: { removeAdditional: false },
    validateSecurity: false,
    validateFormats: true,
    fileUploader: false,
    ignoreUndocumented: true,
  }) as RequestHandler[];
}
