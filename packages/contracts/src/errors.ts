import { z } from 'zod';

/** One problem with one field of a request. `path` is dotted (`body.roles.0.regionCode`). */
export const ErrorDetail = z.object({
  path: z.string(),
  code: z.string(),
  message: z.string(),
});
export type ErrorDetail = z.infer<typeof ErrorDetail>;

/** The one error body every 4xx/5xx of the API returns. `message` is zh-CN, `messageEn` English. */
export const ErrorBody = z.object({
  code: z.string(),
  message: z.string(),
  messageEn: z.string(),
  details: z.array(ErrorDetail),
  requestId: z.string().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
