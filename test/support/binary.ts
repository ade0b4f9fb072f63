import { createHash } from 'node:crypto';
import type { Response } from 'supertest';

export const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

/** A supertest parser that keeps a binary body (a .docx download) as a Buffer. */
export const binary = (response: Response, callback: (error: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => callback(null, Buffer.concat(chunks)));
};
