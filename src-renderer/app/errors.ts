import { ApiError } from '../api/client';

/** A message fit to show the analyst: the core's own words when it has them. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}
