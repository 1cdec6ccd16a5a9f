import { deadlineInterceptor, isTemporalUnavailable } from './deadlines';

describe("the API's deadlines on Temporal calls", () => {
  const NOW = 1_000_000;
  const deadlineOf = (path: string, given?: number | Date): unknown => {
    let seen: unknown;
    const intercept = deadlineInterceptor({ rpcMs: 1_500, workflowMs: 60_000 }, () => NOW);
    const options = { method_definition: { path }, ...(given !== undefined ? { deadline: given } : {}) } as unknown as Parameters<typeof intercept>[0];
    intercept(options, ((o: { deadline?: unknown }) => {
      seen = o.deadline;
      return {};
    }) as unknown as Parameters<typeof intercept>[1]);
    return seen;
  };

  it('gives a plain call the short deadline and a call a workflow answers the long one', () => {
    expect(deadlineOf('/temporal.api.workflowservice.v1.WorkflowService/StartWorkflowExecution')).toBe(NOW + 1_500);
    expect(deadlineOf('/temporal.api.workflowservice.v1.WorkflowService/GetWorkflowExecutionHistory')).toBe(NOW + 1_500);
    expect(deadlineOf('/temporal.api.workflowservice.v1.WorkflowService/UpdateWorkflowExecution')).toBe(NOW + 60_000);
    expect(deadlineOf('/temporal.api.workflowservice.v1.WorkflowService/QueryWorkflow')).toBe(NOW + 60_000);
  });

  it("keeps a caller's deadline when it is sooner", () => {
    expect(deadlineOf('/x.WorkflowService/StartWorkflowExecution', NOW + 500)).toBe(NOW + 500);
    expect(deadlineOf('/x.WorkflowService/StartWorkflowExecution', new Date(NOW + 500))).toBe(NOW + 500);
    expect(deadlineOf('/x.WorkflowService/StartWorkflowExecution', NOW + 60_000)).toBe(NOW + 1_500);
  });

  it('takes unreachable and too-slow gRPC errors, also as a cause, for Temporal being down, and nothing else', () => {
    const grpc = (code: number): Error => Object.assign(new Error(`${code} status`), { code, details: 'x', metadata: {} });
    expect(isTemporalUnavailable(grpc(14))).toBe(true);
    expect(isTemporalUnavailable(grpc(4))).toBe(true);
    expect(isTemporalUnavailable(new Error('wrapped', { cause: grpc(14) }))).toBe(true);
    expect(isTemporalUnavailable(grpc(5))).toBe(false);
    expect(isTemporalUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(false);
  });
});
