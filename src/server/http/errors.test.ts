import { describe, expect, test } from 'vitest';
import { SwiftContainerNotFoundError } from '../../backup/swift/errors.js';
import { errorAnswer } from './errors.js';

describe('errorAnswer for the backup target', () => {
  test("a missing Swift container is the server's state (409), its message kept", () => {
    const answer = errorAnswer(
      new SwiftContainerNotFoundError('backups', 'http://127.0.0.1:8080/v1/AUTH_test'),
    );
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('SWIFT_CONTAINER_NOT_FOUND');
    expect(answer.body.error.message).toContain("Swift container 'backups' does not exist");
  });

  test('credentials Swift refuses are a bad gateway; a full account is insufficient storage', () => {
    expect(errorAnswer(Object.assign(new Error('x'), { code: 'SWIFT_AUTH_FAILED' })).status).toBe(502);
    expect(errorAnswer(Object.assign(new Error('x'), { code: 'SWIFT_QUOTA_EXCEEDED' })).status).toBe(507);
  });
});
