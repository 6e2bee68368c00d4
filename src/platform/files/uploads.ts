import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { multipartScope } from '../http/multipart.ts';
import { discardReceived, type ReceivedFile, receiveFile, type StoredFile } from './store.ts';

/**
 * Routes that take a file from a form or the API, streamed to disk as it arrives so a large file
 * never sits in memory. The multipart body is read in this scope only; the CSRF token is an
 * ordinary field, so the form puts it before the file. Whatever the handler did not keep is
 * removed when the response has gone, refused or not.
 */

export interface UploadOptions {
  dir: string;
  maxBytes: number;
}

const received = new WeakMap<FastifyRequest, ReceivedFile[]>();

/** The file sent in `field`, or null when none was chosen. */
export function uploadedFile(body: unknown, field: string): ReceivedFile | null {
  const v = (body as Record<string, unknown> | undefined)?.[field];
  return v && typeof v === 'object' && 'holding' in v && (v as ReceivedFile).bytes > 0
    ? (v as ReceivedFile)
    : null;
}

/** The message that names what is wrong with a sent file, or null when it may be kept. */
export function uploadProblem(file: ReceivedFile, maxBytes: number): string | null {
  if (file.tooLarge)
    return `${file.fileName} is larger than ${Math.round(maxBytes / 1024 / 1024)} MB: send a smaller file, or split it into parts`;
  return file.check.ok ? null : file.check.message;
}

export async function withFileUploads(
  app: FastifyInstance,
  options: UploadOptions,
  routes: (scope: FastifyInstance) => void,
): Promise<void> {
  await multipartScope(
    app,
    {
      attachFieldsToBody: 'keyValues',
      throwFileSizeLimit: false,
      limits: { fileSize: options.maxBytes, files: 1, fields: 20, parts: 25, fieldSize: 64 * 1024 },
      async onFile(this: FastifyRequest, part: MultipartFile & { value?: unknown }) {
        const file = await receiveFile(part.file, part.filename, options.dir);
        received.set(this, [...(received.get(this) ?? []), file]);
        part.value = file;
      },
    },
    (scope) => {
      scope.addHook('onResponse', async (request) => {
        for (const file of received.get(request) ?? []) await discardReceived(file);
      });
      routes(scope);
    },
  );
}

/**
 * Sends a stored file as a download, never shown in the browser's own window: what a person sent
 * is not trusted to be what it says, so it gets its checked type, no sniffing and a sandbox.
 */
export function sendStoredFile(reply: FastifyReply, file: StoredFile, body: NodeJS.ReadableStream) {
  const ascii = file.fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return reply
    .header('Content-Type', file.mediaType)
    .header('Content-Length', String(file.bytes))
    .header(
      'Content-Disposition',
      `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    )
    .header('X-Content-Type-Options', 'nosniff')
    .header('Content-Security-Policy', "default-src 'none'; sandbox")
    .header('Cache-Control', 'private, no-store')
    .send(body);
}
