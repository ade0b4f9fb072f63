import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { SheetFormat } from '@jixiao/evaluation';
import { ApiError } from './api-error';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Images a person may pick instead of a PNG (a seal photographed or scanned): let through to the
 * route, which refuses them with its own code and text (SEAL.IMAGE_NOT_PNG), not Fastify's 415 for
 * a type it has no parser for.
 */
const OTHER_IMAGE_TYPES = ['image/jpeg', 'image/gif', 'image/webp', 'image/bmp', 'image/tiff', 'image/svg+xml'];

/**
 * The content types whose bodies the routes read themselves with `rawBody` (create-app.ts registers
 * a parser for each that leaves the body unread): spreadsheets, and the files other uploads take.
 */
export const RAW_BODY_TYPES = [XLSX, 'text/csv', 'application/pdf', 'application/octet-stream', 'image/png', ...OTHER_IMAGE_TYPES];

/** What the upload helpers read of a request: its headers, and Node's stream of its body (Fastify's `raw`). */
export interface UploadRequest {
  headers: IncomingHttpHeaders;
  raw: IncomingMessage;
}

/** The media type a request declares, without its parameters, in lower case ('' when none). */
export function contentType(request: { headers: IncomingHttpHeaders }): string {
  return (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/** The format an upload declares: .xlsx or CSV by Content-Type; anything else is refused before it is read. */
export function sheetFormat(request: UploadRequest): SheetFormat {
  const type = contentType(request);
  if (type === XLSX) return 'xlsx';
  if (type === 'text/csv') return 'csv';
  throw new ApiError('REQUEST.UNSUPPORTED_MEDIA_TYPE', `Send the list as the request body with Content-Type ${XLSX} (.xlsx) or text/csv (UTF-8).`);
}

/** The raw request body, up to `limit` bytes (413 beyond). The parsers of RAW_BODY_TYPES leave it unread for this. */
export async function rawBody(request: UploadRequest, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) throw new ApiError('REQUEST.TOO_LARGE', `The file is larger than the ${limit / 1024} KiB allowed.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request.raw as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new ApiError('REQUEST.TOO_LARGE', `The file is larger than the ${limit / 1024} KiB allowed.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
