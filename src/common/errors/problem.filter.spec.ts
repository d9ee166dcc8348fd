import { BadRequestException, NotFoundException } from '@nestjs/common';
import { TeamExists } from '../../modules/teams/team-errors';
import { NhsNumberInvalid } from './domain-error';
import { problemBody, toDomainError } from './problem.filter';

describe('problem mapping', () => {
  it('never reveals the message of an unexpected error', () => {
    const body = problemBody(toDomainError(new Error('duplicate key (nhs_number)=(9990000018) password=x')), 'c-1');
    expect(body).toEqual({
      type: expect.stringContaining('internal-error'),
      title: expect.any(String),
      status: 500,
      code: 'INTERNAL_ERROR',
      correlationId: 'c-1',
    });
    expect(JSON.stringify(body)).not.toContain('9990000018');
  });

  it('maps body-parser and framework errors to stable codes', () => {
    expect(toDomainError(Object.assign(new Error('x'), { type: 'entity.too.large' })).code).toBe('PAYLOAD_TOO_LARGE');
    expect(toDomainError(Object.assign(new Error('x'), { type: 'entity.parse.failed' })).code).toBe('MALFORMED_JSON');
    expect(toDomainError(new NotFoundException()).code).toBe('ROUTE_NOT_FOUND');
    expect(toDomainError(new BadRequestException('bad')).code).toBe('VALIDATION_FAILED');
  });

  it("maps the router's failure to decode a path parameter to a 400 that does not echo it, and no other URIError", () => {
    const undecodable = problemBody(toDomainError(Object.assign(new URIError("Failed to decode param '%ED%A0%80'"), { status: 400 })), 'c-3');
    expect(undecodable).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', errors: [{ field: 'path', message: expect.any(String) }] });
    expect(JSON.stringify(undecodable)).not.toContain('%ED');
    expect(toDomainError(new URIError('URI malformed')).code).toBe('INTERNAL_ERROR');
  });

  it('keeps field errors and the kebab-case type of domain errors', () => {
    const body = problemBody(new NhsNumberInvalid('bad', [{ field: 'nhsNumber', message: 'fails' }]), 'c-2');
    expect(body.type).toMatch(/\/nhs-number-invalid$/);
    expect(body.status).toBe(400);
    expect(body.errors).toEqual([{ field: 'nhsNumber', message: 'fails' }]);
    expect(problemBody(new TeamExists(), 'c').status).toBe(409);
  });
});
