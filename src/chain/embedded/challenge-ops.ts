export const challengeOps = {};
