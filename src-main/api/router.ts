import { CasebookError, toErrorInfo } from '../core/errors';
import { contract, type CallResult, type Method } from './contract';
import type { HandlerContext, Handlers } from './handlers';

export type Router = (method: string, input: unknown) => Promise<CallResult>;

const isMethod = (name: string): name is Method => Object.hasOwn(contract, name);

/**
 * The one entry point every transport calls: unknown methods and invalid input
 * are refused before any handler runs, and every failure becomes
 * `{ code, message }` (internal errors are logged, never sent as stack traces).
 */
export function createRouter(
  handlers: Handlers,
  ctx: HandlerContext,
  log: (err: unknown) => void = console.error,
): Router {
  return async (method, input) => {
    try {
      if (!isMethod(method)) throw new CasebookError('unknown_method', `Unknown method "${method}".`);
      const parsed = contract[method].input.safeParse(input);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
        throw new CasebookError(
          'invalid_input',
          `Invalid input for ${method}${where}: ${issue?.message ?? 'rejected'}.`,
        );
      }
      const handler = handlers[method] as (input: unknown, ctx: HandlerContext) => unknown;
      return { ok: true, value: await handler(parsed.data, ctx) };
    } catch (err) {
      const error = toErrorInfo(err);
      if (error.code === 'internal') log(err);
      return { ok: false, error };
    }
  };
}
