// What the users screen adds to the server's word on a refused change: how to go on.
import { ApiProblem } from '../../api/client';

/**
 * A hint after a refusal, or undefined: the server's message is always shown as it is, this only
 * says what to do next where the screen can help.
 *
 * @example
 * nextStep(problem); // 'Someone changed this user meanwhile: ...'
 */
export function nextStep(error: unknown): string | undefined {
  if (!(error instanceof ApiProblem)) return undefined;
  switch (error.code) {
    case 'USER_CHANGED':
      return 'Someone changed this user while you were editing. The screen now shows their change: check it and make yours again.';
    case 'LAST_ADMIN':
      return 'Give another user admin on everything first, then try again.';
    default:
      return undefined;
  }
}
