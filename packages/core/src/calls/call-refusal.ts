import type { CallProblem } from '@switchboard/contracts/calls';
import { AppError } from '../errors.ts';

/** The error a refused call start answers with: the first problem, with what to set or the limit's figures. */
export function callRefusal(problem: CallProblem): AppError {
  const details = {
    ...(problem.missing.length > 0 && { missing: problem.missing }),
    ...(problem.limit && { limit: problem.limit }),
  };
  return new AppError(problem.code, problem.message, Object.keys(details).length > 0 ? details : undefined);
}
