/**
 * Test helper: asserts that an SDK call fails with a given Macie error type, HTTP status and a
 * message that names what went wrong.
 */
import { expect } from "vitest";

const STATUS: Record<string, number> = {
  ValidationException: 400,
  ServiceQuotaExceededException: 402,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  ConflictException: 409,
  ThrottlingException: 429,
};

/**
 * Awaits `call`, expects it to reject with error type `name` (and its modeled status), and with a
 * message containing every fragment of `message`. Returns the error for further checks.
 */
export async function expectMacieError(call: Promise<unknown>, name: string, ...message: (string | RegExp)[]): Promise<any> {
  let error: any;
  try {
    await call;
  } catch (e) {
    error = e;
  }
  expect(error, `expected ${name}, but the call succeeded`).toBeDefined();
  expect({ name: error.name, message: error.message }).toMatchObject({ name });
  if (STATUS[name]) expect(error.$metadata?.httpStatusCode).toBe(STATUS[name]);
  for (const m of message) {
    if (typeof m === "string") expect(error.message).toContain(m);
    else expect(error.message).toMatch(m);
  }
  return error;
}
