import type { components } from './schema';

/** Every code the API can answer, as its OpenAPI document lists them. */
export type ApiCode = components['schemas']['ErrorCode'];
/** Problems the console itself meets: no answer at all, or a failure in the page. */
export type ConsoleCode = ApiCode | 'NETWORK' | 'UNEXPECTED';
