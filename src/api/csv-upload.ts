import busboy from 'busboy';
import type { FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { AppError } from '../domain/errors.ts';

/** A CSV file uploaded as the body or as a form's file field: its text (UTF-8) and, when given, its name. */
export interface CsvUpload {
  readonly text: string;
  readonly fileName: string | null;
}

/** The bytes as UTF-8 text; a file in another encoding is refused rather than imported with broken names. */
export function decodeCsv(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AppError('bad_request', 'The file is not UTF-8 text: save it as "CSV UTF-8" and upload it again');
  }
}

/**
 * Reads the first file of a `multipart/form-data` body (RFC 7578), as a browser's file input or
 * `curl -F file=@ve.csv` sends it, with busboy. Other fields are ignored; a form without a file is
 * refused naming the field to use.
 */
export function readMultipartCsv(request: FastifyRequest, payload: IncomingMessage, limitBytes: number): Promise<CsvUpload> {
  return new Promise((resolve, reject) => {
    let form: busboy.Busboy;
    try {
      form = busboy({ headers: request.headers, limits: { files: 1, fileSize: limitBytes } });
    } catch (error) {
      reject(new AppError('bad_request', `Not a valid multipart/form-data body: ${error instanceof Error ? error.message : String(error)}`));
      return;
    }
    let found = false;
    form.on('file', (_field, stream, info) => {
      found = true;
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => reject(new AppError('payload_too_large', `The file is larger than ${Math.round(limitBytes / 1024 / 1024)} MB`)));
      stream.on('end', () => {
        try {
          resolve({ text: decodeCsv(Buffer.concat(chunks)), fileName: info.filename ?? null });
        } catch (error) {
          reject(error);
        }
      });
    });
    form.on('error', (error: unknown) => reject(new AppError('bad_request', `Not a valid multipart/form-data body: ${error instanceof Error ? error.message : String(error)}`)));
    form.on('close', () => {
      if (!found) reject(new AppError('bad_request', 'The form has no file: send the CSV file in a file field (e.g. curl -F file=@ve.csv)'));
    });
    payload.pipe(form);
  });
}
