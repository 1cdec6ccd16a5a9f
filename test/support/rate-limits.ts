/**
 * Limits no test reaches by accident (a test of the limits sets its own): tests submit and sign in
 * far faster than a person, from one address.
 */
export const GENEROUS_RATE_LIMITS: Record<string, string> = {
  RATE_LIMIT_SUBMIT_PER_USER: '100000',
  RATE_LIMIT_SUBMIT_PER_IP: '100000',
  RATE_LIMIT_TOKEN_PER_USER: '100000',
  RATE_LIMIT_TOKEN_PER_IP: '100000',
};
