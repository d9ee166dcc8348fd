import { targetProblem } from './target-url';

const strict = { allowHttp: false, allowPrivateTargets: false };
const lenient = { allowHttp: true, allowPrivateTargets: true };

describe('webhook target URL', () => {
  it('accepts public https URLs', () => {
    expect(targetProblem('https://hooks.example.org/care?x=1', strict)).toBeNull();
  });

  it.each([
    ['not a url', 'is not an absolute URL'],
    ['ftp://example.org/x', 'must be an http(s) URL'],
    ['http://example.org/x', 'must use https'],
    ['https://user:pw@example.org/x', 'must not carry credentials'],
    ['https://example.org/x#frag', 'must not have a fragment'],
    ['https://127.0.0.1/x', 'must not point at a loopback, private or link-local address'],
    ['https://10.1.2.3/x', 'must not point at a loopback, private or link-local address'],
    ['https://169.254.169.254/latest', 'must not point at a loopback, private or link-local address'],
    ['https://[::1]/x', 'must not point at a loopback, private or link-local address'],
    ['https://localhost:8443/x', 'must not point at a loopback, private or link-local address'],
  ])('refuses %s', (url, problem) => {
    expect(targetProblem(url, strict)).toBe(problem);
  });

  it('allows local http receivers when the policy says so (development, tests)', () => {
    expect(targetProblem('http://127.0.0.1:4000/hook', lenient)).toBeNull();
    expect(targetProblem('ftp://127.0.0.1/x', lenient)).toBe('must be an http(s) URL');
  });
});
