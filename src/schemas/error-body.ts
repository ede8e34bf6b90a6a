/** The error shape of contract §6, for the OpenAPI document and response checks. */
import { z } from "@hono/zod-openapi";
import { ERROR_STATUS, type ErrorCode } from "../errors";

const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      details: z
        .array(
          z
            .object({
              path: z.array(z.union([z.string(), z.number()])).optional(),
              message: z.string(),
            })
            .passthrough(),
        )
        .optional(),
    }),
  })
  .openapi("Error");
export type ErrorResponse = z.infer<typeof ErrorResponse>;
