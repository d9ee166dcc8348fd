import { signBody, verifySignature } from './signature';

describe('webhook signature', () => {
  it('is the hex HMAC-SHA256 of the body, verifiable by the receiver', () => {
    const sig = signBody('s3cret-s3cret-s3cret', '{"a":1}');
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifySignature('s3cret-s3cret-s3cret', '{"a":1}', sig)).toBe(true);
    expect(verifySignature('s3cret-s3cret-s3cret', '{"a":2}', sig)).toBe(false);
    expect(verifySignature('another-secret-here', '{"a":1}', sig)).toBe(false);
    expect(verifySignature('s3cret-s3cret-s3cret', '{"a":1}', undefined)).toBe(false);
  });
});
