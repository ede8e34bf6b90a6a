/** A zod failure as the contract's `400 invalid_request`, each issue naming its field. */
import type { z } from "zod";
import { ApiError, type ErrorDetail } from "../errors";

export function validationError(error: z.ZodError, where = "body"): ApiError {
  const details: ErrorDetail[] = error.issues.flatMap((issue) => {
    const path = issue.path.map((part) => (typeof part === "number" ? part : String(part)));
    if (issue.code === "unrecognized_keys") {
      const noun = where === "query" ? "parameter" : "field";
      return issue.keys.map((key) => ({
        path: [...path, key],
        message: `unknown ${noun} "${key}"`,
      }));
    }
    return [{ path, message: issue.message }];
  });
  const first = details[0];
  const field = first?.path?.length ? first.path.join(".") : where;
  return new ApiError(
    "invalid_request",
    `Invalid ${where}: ${field}: ${first?.message ?? "invalid"}`,
    details.slice(0, 50),
  );
}
