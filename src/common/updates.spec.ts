import { ActivityFailure, ApplicationFailure, WorkflowUpdateFailedError } from '@temporalio/client';
import { RetryState } from '@temporalio/common';
import { UnavailableError, UnprocessableError } from '../domain/errors';
import { refusalToHttp } from './updates';

const caught = (f: () => never): unknown => {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('did not throw');
};

describe('refusalToHttp', () => {
  it('answers an accepted update whose record failed for good as 503 RecordFailed, in both languages, not as a 500', () => {
    const activity = new ActivityFailure(
      'activity failed',
      'projectCase',
      '3',
      RetryState.NON_RETRYABLE_FAILURE,
      'worker',
      ApplicationFailure.nonRetryable('PostgreSQL refused the write (SQLSTATE 22P05)', 'PermanentDatabaseError'),
    );
    const err = caught(() => refusalToHttp(new WorkflowUpdateFailedError('update failed', activity)));
    expect(err).toBeInstanceOf(UnavailableError);
    expect(err).toMatchObject({ status: 503, details: { reason: 'RecordFailed', zh: expect.stringContaining('已通知管理员') } });
    // The database's words stay in the incident for admins; the caller is not shown them.
    expect((err as Error).message).not.toContain('SQLSTATE');
  });

  it('still maps a refusal by its type', () => {
    const refusal = ApplicationFailure.create({
      type: 'Invalid',
      message: 'reason must not contain the NUL character (U+0000)',
      nonRetryable: true,
      details: [{ field: 'reason', zh: '不得包含空字符(U+0000)' }],
    });
    const err = caught(() => refusalToHttp(new WorkflowUpdateFailedError('update failed', refusal)));
    expect(err).toBeInstanceOf(UnprocessableError);
    expect(err).toMatchObject({ field: 'reason', details: { reason: 'Invalid', zh: '不得包含空字符(U+0000)' } });
  });
});
