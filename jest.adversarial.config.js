// The standing adversarial suite (issue 12): `npm run test:adversarial`. Slow by design, so `npm test`
// does not run it; the quick regression test of each fix lives in test/security/ and runs in `npm test`.
const base = require('./jest.config.js');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/adversarial/**/*.adversarial-spec.ts'],
  maxWorkers: 1,
  testTimeout: 600_000,
};
