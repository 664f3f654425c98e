import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@switchboard/contracts/passwords';
import { dictionary } from '@zxcvbn-ts/language-common';

export interface PasswordProblem {
  code: 'PASSWORD_TOO_SHORT' | 'PASSWORD_TOO_LONG' | 'PASSWORD_TOO_COMMON';
  message: string;
}

// ~49,000 passwords that leaked most often, shipped with @zxcvbn-ts/language-common: no network look-up.
let common: Set<string> | undefined;
function isCommon(password: string): boolean {
  common ??= new Set(dictionary['passwords-common']);
  return common.has(password.toLowerCase());
}

/** Why `password` may not be used, or null when it may. Length counts characters, not UTF-16 units. */
export function checkPassword(password: string): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) {
    return {
      code: 'PASSWORD_TOO_SHORT',
      message: `The password is too short: use at least ${PASSWORD_MIN_LENGTH} characters (this one has ${length}).`,
    };
  }
  if (length > PASSWORD_MAX_LENGTH) {
    return {
      code: 'PASSWORD_TOO_LONG',
      message: `The password is too long: use at most ${PASSWORD_MAX_LENGTH} characters.`,
    };
  }
  if (isCommon(password)) {
    return {
      code: 'PASSWORD_TOO_COMMON',
      message:
        'This password is on the list of common passwords that attackers try first. Choose another one.',
    };
  }
  return null;
}
