/**
 * The password rule, shared by the API (which enforces it, together with the common-password list) and the
 * dashboard (which explains it before anyone submits).
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;
export const PASSWORD_HINT = `At least ${PASSWORD_MIN_LENGTH} characters, and not a common password. A few unrelated words work well.`;
