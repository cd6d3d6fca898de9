/**
 * Response validation, for tests and staging (OMSIM_VALIDATE_RESPONSES): every
 * response the handlers send is checked against openapi.yaml by
 * express-openapi-validator, and one that departs from it becomes a 500 that the
 * test sees. Off in production, where it would only cost time — and the library
 * (about 20 MiB once loaded) is then not even loaded.
 */
import { createRequire } from 'node:module';
import type { RequestHandler } from 'express';
import { withoutExamples, type OpenApiDocument } from '../contract/contract.js';

export function responseValidator(contract: OpenApiDocument): RequestHandler[] {
  const OpenApiValidator = createRequire(import.meta.url)('express-openapi-validator') as typeof import('express-openapi-validator');
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
