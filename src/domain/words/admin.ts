// What the administrators' tools say: a workflow history replayed on the current code, a replay job's
// state, an exported history. Workflow ids and Temporal's event types stay as Temporal writes them:
// they are what an administrator looks up in Temporal, and no other name exists for them.
import type { LocalizedText } from '../pack/schema';

type L = LocalizedText;

export const REPLAY_SENTENCES = {
  replays: (): L => ({ zh: '与当前工作流代码一致', en: 'replays on the current workflow code' }),
  divergesAt: (eventId: number, eventType: string): L => ({
    zh: `在事件 ${eventId}（${eventType}）处与当前工作流代码不一致`,
    en: `diverges from the current workflow code at event ${eventId} (${eventType})`,
  }),
  diverges: (): L => ({ zh: '与当前工作流代码不一致', en: 'diverges from the current workflow code' }),
  failed: (): L => ({ zh: '无法获取其历史，或无法用当前工作流代码重放', en: 'its history could not be fetched, or not replayed on the current workflow code' }),
  /** Temporal's own reason stays as Temporal wrote it: the admin quotes it there. */
  queryRefused: (reason: string): L => ({ zh: `Temporal 拒绝了该查询:${reason}`, en: `Temporal refused the query: ${reason}` }),
  noWorker: (detail: string): L => ({
    zh: '暂时没有工作进程响应该重放任务，请稍后重试。',
    en: `no worker answers for this replay job right now; try again shortly (${detail})`,
  }),
  stillRunning: (): L => ({
    zh: '另一个重放任务仍在运行，请等它完成后再开始新的重放。',
    en: 'another replay job is still running; wait for it to finish',
  }),
  noJob: (): L => ({ zh: '没有该重放任务', en: 'no such replay job' }),
  /** `status` is Temporal's (TERMINATED, CANCELLED, TIMED_OUT). */
  jobEnded: (status: string): L => ({
    zh: `工作流已${status === 'TERMINATED' ? '被终止' : status === 'CANCELLED' ? '被取消' : status === 'TIMED_OUT' ? '超时' : '结束'}`,
    en: `the job's workflow ended ${status.toLowerCase()}`,
  }),
  report: (total: number, ok: number, diverged: number, failed: number): L => ({
    zh: `重放 ${total} 个工作流：${ok} 个一致，${diverged} 个不一致，${failed} 个无法重放`,
    en: `Replayed ${total} workflows: ${ok} ok, ${diverged} diverged, ${failed} failed`,
  }),
  noWorkflow: (workflowId: string): L => ({ zh: `没有工作流 ${workflowId}`, en: `no workflow ${workflowId}` }),
} as const;

/** The city's words where no published pack names it yet. */
export const THE_CITY: L = { zh: '本市', en: 'The city' };
