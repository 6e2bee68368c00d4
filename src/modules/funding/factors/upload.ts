import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { multipartScope } from '../../../platform/http/multipart.ts';

/**
 * Routes that take a file from a form, as the platform's import pages do: the multipart body is
 * read in this scope only (the rest of the app keeps refusing it), the file whole, and a body that
 * cannot be read is the sender's mistake, not a fault of ours.
 */

export interface Uploaded {
  fileName: string;
  data: Buffer;
  tooLarge: boolean;
}

/** The file and the worksheet named on the form; a file left unchosen is an empty one. */
export function uploadOf(body: unknown, field: string): { file: Uploaded | null; sheet: string } {
  const b = (body ?? {}) as Record<string, unknown>;
  const v = b[field] as Partial<Uploaded> | undefined;
  const file =
    v && typeof v === 'object' && Buffer.isBuffer(v.data) && v.data.length
      ? { fileName: String(v.fileName ?? '').slice(0, 200), data: v.data, tooLarge: Boolean(v.tooLarge) }
      : null;
  return { file, sheet: typeof b.sheet === 'string' ? b.sheet.trim() : '' };
}

export async function withUploads(
  app: FastifyInstance,
  maxBytes: number,
  routes: (scope: FastifyInstance) => void,
): Promise<void> {
  await multipartScope(
    app,
    {
      attachFieldsToBody: 'keyValues',
      throwFileSizeLimit: false,
      limits: { fileSize: maxBytes, files: 1, fields: 5, parts: 10, fieldSize: 4096 },
      async onFile(part: MultipartFile & { value?: unknown }) {
        const data = await part.toBuffer();
        part.value = { fileName: part.filename, data, tooLarge: part.file.truncated } satisfies Uploaded;
      },
    },
    routes,
  );
}
