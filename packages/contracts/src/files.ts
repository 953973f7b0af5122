import { z } from 'zod';

/** File types zhili accepts, identified by their content (magic bytes), not by their name. */
export const FILE_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'application/pdf',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
] as const;
export const FileType = z.enum(FILE_TYPES);
export type FileType = z.infer<typeof FileType>;

/** A stored file (photo of an incident, signed mediation agreement, import sheet…). */
export const Attachment = z.object({
  id: z.string().uuid(),
  fileName: z.string(),
  /** The sniffed type, which may be more exact than what the browser claimed. */
  contentType: z.string(),
  size: z.number().int(),
  /** Hex SHA-256 of the bytes, for integrity checks and de-duplication. */
  sha256: z.string(),
  uploadedBy: z.string().uuid().nullable(),
  createdAt: z.string(),
});
export type Attachment = z.infer<typeof Attachment>;
